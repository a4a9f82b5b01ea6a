package io.parley.core.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template kept as a UTF-8 text resource on the classpath (under {@code /prompts/}),
 * with {@code {{name}}} placeholders for values known only at run time: the tenant's company and
 * assistant names, today's date. Prompts live in files rather than Java strings so that they
 * read as prose, diff cleanly, and PROMPTS.md can be checked against them.
 */
public final class SystemPrompt {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z][A-Za-z0-9_]*)}}");

  private final String resource;
  private final String template;
  // The template cut at its placeholders once, as every turn renders it: literals.get(i) comes before
  // names.get(i), and the last literal ends it.
  private final List<String> literals = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  private SystemPrompt(String resource, String template) {
    this.resource = resource;
    this.template = template;
    Matcher matcher = PLACEHOLDER.matcher(template);
    int at = 0;
    while (matcher.find()) {
      literals.add(template.substring(at, matcher.start()));
      names.add(matcher.group(1));
      at = matcher.end();
    }
    literals.add(template.substring(at));
  }

  /**
   * Loads the template at an absolute classpath path such as {@code /prompts/support-agent.txt}.
   *
   * @throws IllegalArgumentException if there is no such resource
   */
  public static SystemPrompt fromResource(String resource) {
    try (InputStream in = SystemPrompt.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException(
            "No prompt resource " + resource + " on the classpath; prompt files belong under"
                + " src/main/resources/prompts/ and are named by an absolute path");
      }
      return new SystemPrompt(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read prompt resource " + resource, e);
    }
  }

  /** The template exactly as stored, placeholders unreplaced. */
  public String template() {
    return template;
  }

  /**
   * The prompt with every placeholder replaced by its value. Values are inserted literally, so
   * a value containing braces is not expanded again. Values the template does not use are
   * ignored, so one set of values can serve several prompts.
   *
   * @throws IllegalArgumentException naming every placeholder that has no value
   */
  public String render(Map<String, String> values) {
    StringBuilder out = new StringBuilder(template.length() + 64);
    Set<String> missing = null;
    for (int i = 0; i < names.size(); i++) {
      String value = values.get(names.get(i));
      if (value == null) {
        if (missing == null) missing = new TreeSet<>();
        missing.add(names.get(i));
      }
      out.append(literals.get(i)).append(value);
    }
    if (missing != null) {
      throw new IllegalArgumentException("Prompt " + resource + " needs values for " + missing);
    }
    out.append(literals.getLast());
    // The file's final newline is an editor habit, not something the model should see.
    return out.toString().strip();
  }
}
