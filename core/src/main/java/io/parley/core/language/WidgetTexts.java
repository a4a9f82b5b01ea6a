package io.parley.core.language;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The words the chat widget, the node's chat page and the JavaScript client show a customer
 * (placeholder, buttons, labels, connection states, the rating), per language: packs translators
 * edit without code ({@code clients/texts/<language>.json}, copied by the build next to this class
 * under {@code widget/}), with a tenant's own wording per language over them (the bot
 * configuration's {@code widget.texts}, docs/languages.md). English holds every text, so a pack or an
 * override that lacks one shows the English.
 */
public final class WidgetTexts {
  /** The languages with a pack; Arabic and Hebrew are written right to left. */
  public static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "it", "pt", "nl", "ar", "he");
  public static final int MAX_TEXT = 300;
  /** The key of the label of the button that opens the chat. */
  public static final String LAUNCHER = "launcher";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");
  private static final Map<String, Map<String, String>> PACKS = load();
  /** The texts of a language that address the customer informally (du, tu, tú), where its pack's address them formally. */
  private static final Map<String, Map<String, String>> INFORMAL = loadInformal();

  /** The texts the chat shows in {@code language}, and the language they are in ({@code en} when it has neither pack nor overrides). */
  public record Chosen(String language, Map<String, String> texts) {}

  private WidgetTexts() {
  }

  /**
   * The texts for the first of {@code wanted}, the tenant's language and English that has a pack or
   * the tenant's overrides: English, then that language's pack (by its primary subtag), then the
   * tenant's overrides for the primary subtag and for the whole tag.
   */
  public static Chosen of(Stream<LanguageTag> wanted, Map<String, Map<String, String>> overrides) {
    return of(wanted, overrides, language -> false);
  }

  /**
   * As {@link #of(Stream, Map)}, the language's informal texts over its pack where {@code informal}
   * says the tenant addresses its customers informally in that primary language.
   */
  public static Chosen of(Stream<LanguageTag> wanted, Map<String, Map<String, String>> overrides, Predicate<String> informal) {
    LanguageTag language = wanted
        .filter(tag -> PACKS.containsKey(tag.primary()) || overrides.containsKey(tag.primary()) || overrides.containsKey(tag.tag()))
        .findFirst().orElse(new LanguageTag("en"));
    Map<String, String> texts = new LinkedHashMap<>(PACKS.get("en"));
    texts.putAll(PACKS.getOrDefault(language.primary(), Map.of()));
    if (informal.test(language.primary())) texts.putAll(INFORMAL.getOrDefault(language.primary(), Map.of()));
    texts.putAll(overrides.getOrDefault(language.primary(), Map.of()));
    texts.putAll(overrides.getOrDefault(language.tag(), Map.of()));
    return new Chosen(language.tag(), texts);
  }

  /** The keys a pack and an override may hold: those of the English pack. */
  public static Set<String> keys() {
    return PACKS.get("en").keySet();
  }

  /**
   * A tenant's overrides ({@code {"de": {"send": "Abschicken"}}}), each problem named by its path
   * ({@code texts.de.send: ...}) into {@code problems}: a language that is no BCP 47 tag, a key no
   * pack has, a text that is not one line of at most {@value #MAX_TEXT} characters, or one that
   * leaves out or adds a {placeholder} of the English text.
   */
  public static Map<String, Map<String, String>> overrides(JsonNode texts, List<String> problems) {
    Map<String, Map<String, String>> read = new LinkedHashMap<>();
    if (!texts.isObject()) {
      problems.add("texts: must be an object of languages, e.g. {\"de\": {\"send\": \"Abschicken\"}}");
      return read;
    }
    for (Iterator<Map.Entry<String, JsonNode>> languages = texts.fields(); languages.hasNext();) {
      Map.Entry<String, JsonNode> language = languages.next();
      String path = "texts." + language.getKey();
      Optional<LanguageTag> tag = LanguageTag.parse(language.getKey()).filter(parsed -> parsed.tag().equals(language.getKey()));
      if (tag.isEmpty()) {
        problems.add(path + ": must be a BCP 47 language tag in canonical form, e.g. de or pt-BR");
      } else if (!language.getValue().isObject()) {
        problems.add(path + ": must be an object of texts, e.g. {\"send\": \"Abschicken\"}");
      } else {
        read.put(tag.get().tag(), texts(path, language.getValue(), problems));
      }
    }
    return read;
  }

  private static Map<String, String> texts(String path, JsonNode given, List<String> problems) {
    Map<String, String> texts = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = given.fields(); fields.hasNext();) {
      Map.Entry<String, JsonNode> field = fields.next();
      String at = path + "." + field.getKey();
      String english = PACKS.get("en").get(field.getKey());
      String text = field.getValue().isTextual() ? field.getValue().asText() : null;
      if (english == null) {
        problems.add(at + ": no such text; the texts are " + String.join(", ", new TreeSet<>(keys())));
      } else if (text == null || text.isBlank() || text.length() > MAX_TEXT || text.contains("\n")) {
        problems.add(at + ": must be one line of text of at most " + MAX_TEXT + " characters");
      } else if (!placeholders(text).equals(placeholders(english))) {
        problems.add(at + ": must hold the placeholders " + placeholders(english) + " of \"" + english + "\", got "
            + placeholders(text));
      } else {
        texts.put(field.getKey(), text);
      }
    }
    return texts;
  }

  private static Set<String> placeholders(String text) {
    Set<String> names = new TreeSet<>();
    PLACEHOLDER.matcher(text).results().forEach(match -> names.add("{" + match.group(1) + "}"));
    return names;
  }

  private static Map<String, Map<String, String>> load() {
    Map<String, Map<String, String>> packs = new LinkedHashMap<>();
    for (String language : LANGUAGES) {
      String name = "widget/" + language + ".json";
      packs.put(language, read(name).orElseThrow(() ->
          new IllegalStateException(name + " is missing next to WidgetTexts; the build copies clients/texts")));
    }
    List<String> missing = new ArrayList<>();
    packs.forEach((language, pack) -> {
      if (!pack.keySet().equals(packs.get("en").keySet())) missing.add(language);
    });
    if (!missing.isEmpty()) throw new IllegalStateException("widget texts without the English pack's keys: " + missing);
    return Map.copyOf(packs);
  }

  private static Map<String, Map<String, String>> loadInformal() {
    Map<String, Map<String, String>> packs = new LinkedHashMap<>();
    LANGUAGES.forEach(language -> read("widget/informal/" + language + ".json").ifPresent(pack -> packs.put(language, pack)));
    return Map.copyOf(packs);
  }

  private static Optional<Map<String, String>> read(String name) {
    try (InputStream in = WidgetTexts.class.getResourceAsStream(name)) {
      if (in == null) return Optional.empty();
      return Optional.of(Map.copyOf(new ObjectMapper().readValue(in, new TypeReference<LinkedHashMap<String, String>>() { })));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the widget texts " + name, e);
    }
  }
}
