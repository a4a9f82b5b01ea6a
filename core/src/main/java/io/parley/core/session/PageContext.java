package io.parley.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the widget's page says about where the customer is ({@code Parley.setContext({url, plan})}):
 * a few named strings, numbers and booleans, bounded so that a page cannot fill the prompt. It is
 * the customer's browser speaking, so it is customer input: the model reads it fenced as data,
 * redacted like a message, never as instructions (PROMPTS.md).
 */
public record PageContext(Map<String, String> fields) {
  public static final int MAX_FIELDS = 20;
  public static final int MAX_KEY = 40;
  public static final int MAX_VALUE = 300;
  public static final String KEY_EXPECTED = "1-" + MAX_KEY + " characters of letters, digits, '_', '-' and '.'";
  /** The field the widget puts the browser's language in ({@code navigator.language}). */
  public static final String LANGUAGE_FIELD = "language";
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_KEY + "}");
  private static final Pattern LANGUAGE_TAG = Pattern.compile("([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*");

  /**
   * In key order. Numbers and booleans are kept as the text the page sent ({@code "5"}, {@code "true"}):
   * the model reads them as text, and a value of one type keeps the session's state serializable by
   * every codec of the node.
   */
  public PageContext {
    fields = java.util.Collections.unmodifiableMap(new TreeMap<>(fields));
  }

  /**
   * The context of {@code data}, a JSON object of at most {@link #MAX_FIELDS} fields, each a string
   * (at most {@link #MAX_VALUE} characters), a finite number or a boolean.
   *
   * @throws Refusal {@code bad_request} naming what is wrong
   */
  public static PageContext of(JsonNode data) {
    if (data == null || !data.isObject()) throw bad("data must be an object of named strings, numbers and booleans");
    if (data.size() > MAX_FIELDS) throw bad("data has " + data.size() + " fields; at most " + MAX_FIELDS);
    Map<String, String> fields = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> entries = data.fields(); entries.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (!KEY.matcher(key).matches()) throw bad("data key '" + shortened(key) + "' must be " + KEY_EXPECTED);
      if (value.isTextual()) {
        if (value.asText().codePointCount(0, value.asText().length()) > MAX_VALUE) {
          throw bad("data." + key + ": at most " + MAX_VALUE + " characters");
        }
        fields.put(key, value.asText());
      } else if ((value.isIntegralNumber() && value.canConvertToLong())
          || (value.isNumber() && Double.isFinite(value.asDouble())) || value.isBoolean()) {
        fields.put(key, value.asText());
      } else {
        throw bad("data." + key + ": must be a string, a number or a boolean");
      }
    }
    return new PageContext(fields);
  }

  /**
   * The customer's language, when the {@value #LANGUAGE_FIELD} field holds a BCP 47 tag: lower case,
   * {@code -} between subtags ({@code de-at}); none for anything else, so free text never passes for one.
   */
  public Optional<String> language() {
    String tag = fields.getOrDefault(LANGUAGE_FIELD, "").strip();
    return LANGUAGE_TAG.matcher(tag).matches()
        ? Optional.of(tag.replace('_', '-').toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  /** The primary subtag of {@link #language()} ({@code en-US} is {@code en}). */
  public Optional<String> primaryLanguage() {
    return language().map(tag -> tag.split("-", 2)[0]);
  }

  /** One {@code key: value} line per field, in key order, for the prompt. */
  public String lines() {
    return fields.entrySet().stream().map(field -> field.getKey() + ": " + oneLine(field.getValue()))
        .collect(Collectors.joining("\n"));
  }

  private static String oneLine(String value) {
    return value.replaceAll("\\s+", " ").strip();
  }

  private static String shortened(String key) {
    return key.length() <= MAX_KEY ? key : key.substring(0, MAX_KEY) + "…";
  }

  private static Refusal bad(String message) {
    return Refusal.of(ErrorCode.BAD_REQUEST, message);
  }
}
