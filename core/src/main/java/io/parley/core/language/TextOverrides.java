package io.parley.core.language;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A tenant's own wording of the customer's texts, per language: {@code {"de": {"handoff.next":
 * "..."}}} (the bot configuration's {@code texts}), with its greeting ({@value #GREETING}), its
 * bot's name ({@value #NAME}) and how it addresses the customer ({@value #FORMALITY}: {@code formal},
 * the packs' form, or {@code informal}: du, tu, tú, tu, je) in the languages whose packs have both. Each key is one the English pack has, each
 * language a known tag, and each text a message pattern ({@link TextPack}) that keeps every
 * placeholder the English text has and adds none, so a notice never loses the position or the
 * ticket it tells.
 */
public record TextOverrides(Map<String, Map<String, String>> byLanguage) {
  public static final TextOverrides NONE = new TextOverrides(Map.of());
  /** The key of the greeting a new conversation in the language opens with: the tenant's own, no pack has one. */
  public static final String GREETING = "greeting";
  /** The key of the bot's name in the language ({@code assistantName}'s wording): the tenant's own, no pack has one. */
  public static final String NAME = "name";
  /** The key of how the language addresses the customer: {@value #FORMAL} or {@value #INFORMAL}. */
  public static final String FORMALITY = "formality";
  public static final String FORMAL = "formal";
  public static final String INFORMAL = "informal";
  /** The languages whose packs have an informal form ({@code texts/informal/<language>.properties}). */
  public static final List<String> INFORMAL_LANGUAGES = List.of("de", "es", "fr", "it", "nl");
  /** The longest name: {@code assistantName}'s limit. */
  public static final int MAX_NAME = 60;
  /** The longest text a tenant may write for one key. */
  public static final int MAX_TEXT = 1_000;
  private static final String WAIT = "handoff.wait";
  /** Keys documents saved before may hold, read into the text they became ({@link #withoutRetiredKeys}). */
  private static final Set<String> RETIRED = Set.of(WAIT + ".one", WAIT + ".other");

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public TextOverrides {
    TreeMap<String, Map<String, String>> copy = new TreeMap<>();
    byLanguage.forEach((language, texts) -> copy.put(language, Map.copyOf(withoutRetiredKeys(texts))));
    byLanguage = Collections.unmodifiableMap(copy);
  }

  /**
   * {@code texts} with the wait's two former texts ({@code handoff.wait.one}, {@code handoff.wait.other},
   * in versions saved before they became one count pattern) made into {@code handoff.wait}, unless it
   * is worded itself: a tenant's wording outlives the change of keys. The other count alone words every
   * count; the one alone cannot make a pattern without the other, and is dropped.
   */
  private static Map<String, String> withoutRetiredKeys(Map<String, String> texts) {
    TreeMap<String, String> kept = new TreeMap<>(texts);
    String one = kept.remove(WAIT + ".one");
    String other = kept.remove(WAIT + ".other");
    if (kept.containsKey(WAIT) || other == null || other.isBlank()) return kept;
    kept.put(WAIT, one == null || one.isBlank() ? other.strip()
        : "{minutes, plural, one {" + one.strip() + "} other {" + other.strip() + "}}");
    return kept;
  }

  @JsonValue
  @Override
  public Map<String, Map<String, String>> byLanguage() {
    return byLanguage;
  }

  /** Whether the tenant wrote texts for the primary language {@code language}. */
  boolean has(String language) {
    return byLanguage.keySet().stream().anyMatch(tag -> primary(tag).equals(language));
  }

  /** The tenant's text for {@code key} in the primary language {@code language}. */
  Optional<String> text(String language, String key) {
    return byLanguage.entrySet().stream().filter(entry -> primary(entry.getKey()).equals(language))
        .map(entry -> entry.getValue().get(key)).filter(text -> text != null).findFirst();
  }

  /** The tenant's greeting for a conversation in {@code language}. */
  public Optional<String> greeting(LanguageTag language) {
    return text(language.primary(), GREETING);
  }

  /** Whether the tenant addresses the customer informally in the primary language {@code language} (du, tu, tú). */
  public boolean informal(String language) {
    return text(language, FORMALITY).filter(INFORMAL::equals).isPresent();
  }

  /** The tenant's name for its bot in {@code language}. */
  public Optional<String> name(LanguageTag language) {
    return text(language.primary(), NAME);
  }

  private static String primary(String tag) {
    return new LanguageTag(tag).primary();
  }

  /**
   * The overrides {@code value} (the document's {@code texts}) holds; each problem names the
   * language and the key ({@code texts.de.handoff.next: ...}).
   */
  public static TextOverrides read(JsonNode value, List<String> problems) {
    if (value == null || value.isNull()) return NONE;
    if (!value.isObject()) {
      problems.add("texts: must be an object of languages, each an object of texts by key");
      return NONE;
    }
    TextPack english = TextPack.english();
    Set<String> keys = english.keys();
    Map<String, Map<String, String>> read = new TreeMap<>();
    value.fields().forEachRemaining(language -> {
      String field = "texts." + language.getKey();
      Optional<LanguageTag> tag = LanguageTag.parse(language.getKey());
      if (tag.isEmpty()) {
        problems.add(field + ": " + language.getKey() + " is not a language tag (BCP 47, e.g. de or pt-BR)");
        return;
      }
      if (!language.getValue().isObject()) {
        problems.add(field + ": must be an object of texts by key");
        return;
      }
      Map<String, String> texts = new TreeMap<>();
      language.getValue().fields().forEachRemaining(entry -> {
        String key = entry.getKey();
        String named = "texts." + tag.get().tag() + "." + key;
        if (key.equals(FORMALITY)) {
          String form = entry.getValue().asText();
          if (form.equals(INFORMAL) && TextPack.informal(tag.get().primary()).isEmpty()) {
            // English, Portuguese, Arabic and Hebrew address everyone alike (docs/languages.md#formality).
            problems.add(named + ": the " + tag.get().primary() + " texts have one form of address; "
                + INFORMAL + " is for " + String.join(", ", INFORMAL_LANGUAGES));
          } else if (form.equals(FORMAL) || form.equals(INFORMAL)) {
            texts.put(key, form);
          } else {
            problems.add(named + ": must be " + FORMAL + " or " + INFORMAL);
          }
        } else if (!keys.contains(key) && !key.equals(GREETING) && !key.equals(NAME) && !RETIRED.contains(key)) {
          problems.add(named + ": not a text (see docs/languages.md for the keys)");
        } else if (!entry.getValue().isTextual() || entry.getValue().asText().isBlank()) {
          problems.add(named + ": must be a non-empty string");
        } else {
          String text = entry.getValue().asText().strip();
          if (!TextPack.isPattern(text)) {
            problems.add(named + ": a brace must open or close a placeholder ({name}, or a count's"
                + " {minutes, plural, one {...} other {...}})");
            return;
          }
          Set<String> written = TextPack.placeholders(text);
          // A retired key's text goes into the pattern it became (withoutRetiredKeys), which is read as that.
          Set<String> needed = RETIRED.contains(key) ? written : TextPack.placeholders(english.text(key).orElse(""));
          needed.stream().filter(name -> !written.contains(name))
              .forEach(name -> problems.add(named + ": must keep the placeholder {" + name + "}"));
          written.stream().filter(name -> !needed.contains(name))
              .forEach(name -> problems.add(named + ": has no placeholder {" + name + "} (it has "
                  + (needed.isEmpty() ? "none" : String.join(", ", needed.stream().map(n -> "{" + n + "}").toList())) + ")"));
          if (text.length() > MAX_TEXT) problems.add(named + ": at most " + MAX_TEXT + " characters");
          if (key.equals(NAME) && text.length() > MAX_NAME) problems.add(named + ": at most " + MAX_NAME + " characters");
          texts.put(key, text);
        }
      });
      read.put(tag.get().tag(), texts);
    });
    return new TextOverrides(read);
  }
}
