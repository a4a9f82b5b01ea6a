package io.parley.core.session;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A reply a customer can tap under a bot message: {@code label} is what the button says,
 * {@code value} what is sent as the customer's message when it is tapped. A message offers at most
 * {@value #MAX_OPTIONS}; they are withdrawn once the customer writes anything.
 */
public record ReplyOption(String label, String value) {
  public static final int MAX_OPTIONS = 10;
  /** A button's words: more would not fit on a phone's row. */
  public static final int MAX_LABEL = 80;
  /** What a tap sends: a short message, well within the customer's own message limit. */
  public static final int MAX_VALUE = 500;

  public ReplyOption {
    if (label == null || label.isBlank() || value == null || value.isBlank()) {
      throw new IllegalArgumentException("a reply option needs a label and a value");
    }
  }

  /**
   * The options {@code value} (a JSON list of {@code {"label", "value"}}) holds, each problem named
   * by {@code field} and the option's index ({@code greetingOptions[2].label: ...}); absent for a
   * missing or null value, and for one with problems.
   */
  public static Optional<List<ReplyOption>> readList(JsonNode value, String field, List<String> problems) {
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isArray()) {
      problems.add(field + ": must be a list of {\"label\", \"value\"}");
      return Optional.empty();
    }
    int before = problems.size();
    if (value.size() > MAX_OPTIONS) problems.add(field + ": at most " + MAX_OPTIONS + " options");
    List<ReplyOption> options = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      readOne(value.get(i), field + "[" + i + "]", problems).ifPresent(options::add);
    }
    return problems.size() == before ? Optional.of(List.copyOf(options)) : Optional.empty();
  }

  /** One option, {@code {"label": "...", "value": "..."}}; a missing value is the label. */
  public static Optional<ReplyOption> readOne(JsonNode entry, String field, List<String> problems) {
    if (entry == null || !entry.isObject()) {
      problems.add(field + ": must be {\"label\": \"Track my order\", \"value\": \"Where is my order?\"}");
      return Optional.empty();
    }
    Optional<String> label = text(entry, "label", field, MAX_LABEL, true, problems);
    Optional<String> value = entry.has("value") ? text(entry, "value", field, MAX_VALUE, false, problems) : label;
    return label.isPresent() && value.isPresent() ? Optional.of(new ReplyOption(label.get(), value.get())) : Optional.empty();
  }

  private static Optional<String> text(JsonNode entry, String name, String field, int max, boolean needed,
      List<String> problems) {
    JsonNode text = entry.get(name);
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      if (needed || text != null) problems.add(field + "." + name + ": must be a non-empty string");
      return Optional.empty();
    }
    String stripped = text.asText().strip();
    if (stripped.length() > max) {
      problems.add(field + "." + name + ": at most " + max + " characters");
      return Optional.empty();
    }
    if (!MessageRules.wellFormed(stripped)) {
      problems.add(field + "." + name + ": must be well-formed text");
      return Optional.empty();
    }
    return Optional.of(stripped);
  }
}
