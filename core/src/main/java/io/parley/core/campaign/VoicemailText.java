package io.parley.core.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.bot.VoicePreferences;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The message a call leaves on an answering machine, as a campaign gives it: one text for every
 * call ({@code "Hello, this is Acme..."}), or a text per language, by its ISO 639-1 code
 * ({@code {"en": "...", "de": "..."}}), of which a call leaves the one in its own language. A call
 * in a language the campaign has no text for leaves the tenant's message instead
 * ({@code voice.voicemailMessage}), as does a campaign without any.
 */
public record VoicemailText(Map<String, String> byLanguage) {
  /** Where the text for every language is kept. */
  public static final String EVERY_LANGUAGE = "*";
  /** More than any campaign speaks: a bound on what one campaign row holds. */
  public static final int MAX_LANGUAGES = 30;
  private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}");
  private static final ObjectMapper JSON = new ObjectMapper();

  public VoicemailText {
    byLanguage = java.util.Collections.unmodifiableMap(new TreeMap<>(byLanguage));
  }

  public static VoicemailText none() {
    return new VoicemailText(Map.of());
  }

  /**
   * The text of {@code value}: a string, or an object of language codes to strings, each 1 to
   * {@link VoicePreferences#MAX_VOICEMAIL_MESSAGE} characters; none when {@code value} is missing or null.
   *
   * @throws IllegalArgumentException naming {@code field} and what is wrong
   */
  public static VoicemailText of(JsonNode value, String field) {
    if (value == null || value.isMissingNode() || value.isNull()) return none();
    if (value.isTextual()) return new VoicemailText(Map.of(EVERY_LANGUAGE, text(value, field)));
    if (!value.isObject() || value.isEmpty() || value.size() > MAX_LANGUAGES) {
      throw new IllegalArgumentException(field + " must be the message's text, or an object of 1 to " + MAX_LANGUAGES
          + " language codes (ISO 639-1, such as \"en\") to the message in each");
    }
    Map<String, String> texts = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> entries = value.fields(); entries.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String language = entry.getKey().toLowerCase(Locale.ROOT);
      if (!LANGUAGE.matcher(language).matches()) {
        throw new IllegalArgumentException(field + "." + entry.getKey() + ": not a language code (ISO 639-1, such as \"en\")");
      }
      texts.put(language, text(entry.getValue(), field + "." + entry.getKey()));
    }
    return new VoicemailText(texts);
  }

  private static String text(JsonNode value, String field) {
    String text = value.isTextual() ? value.asText().strip() : "";
    if (text.isEmpty() || text.codePointCount(0, text.length()) > VoicePreferences.MAX_VOICEMAIL_MESSAGE) {
      throw new IllegalArgumentException(field + " must be the message's text, 1 to "
          + VoicePreferences.MAX_VOICEMAIL_MESSAGE + " characters");
    }
    return text;
  }

  /** The text as stored: the JSON of {@link #toJson}. */
  public static VoicemailText stored(String json) {
    if (json == null) return none();
    try {
      return of(JSON.readTree(json), "voicemail");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a stored voicemail text is not JSON", e);
    }
  }

  public boolean isEmpty() {
    return byLanguage.isEmpty();
  }

  /** The message for a call in {@code language} (a tag; its primary subtag decides): that language's, else the one for every language. */
  public Optional<String> in(Optional<String> language) {
    return language.map(tag -> tag.split("[-_]", 2)[0].toLowerCase(Locale.ROOT)).map(byLanguage::get)
        .or(() -> Optional.ofNullable(byLanguage.get(EVERY_LANGUAGE)));
  }

  /** As the API writes it: the one text, an object of texts by language, or null for none. */
  public JsonNode toJson() {
    if (byLanguage.isEmpty()) return JSON.nullNode();
    if (byLanguage.size() == 1 && byLanguage.containsKey(EVERY_LANGUAGE)) {
      return JSON.getNodeFactory().textNode(byLanguage.get(EVERY_LANGUAGE));
    }
    ObjectNode texts = JSON.createObjectNode();
    byLanguage.forEach(texts::put);
    return texts;
  }
}
