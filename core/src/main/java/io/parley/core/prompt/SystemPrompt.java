package io.parley.core.prompt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

  private SystemPrompt(String resource, String template) {
    this.resource = resource;
    this.template = template;
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
    Set<String> missing = new TreeSet<>();
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length());
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        missing.add(matcher.group(1));
        value = matcher.group();
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("Prompt " + resource + " needs values for " + missing);
    }
    matcher.appendTail(out);
    // The file's final newline is an editor habit, not something the model should see.
    return out.toString().strip();
  }
}
