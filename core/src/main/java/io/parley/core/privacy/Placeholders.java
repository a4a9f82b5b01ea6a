package io.parley.core.privacy;

import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ToolCall;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of one conversation: each piece of personal data becomes {@code [EMAIL_1]},
 * {@code [CARD_2]}…, numbered by first appearance, so the same value is the same placeholder in
 * every prompt of the session and the model can still refer to it. {@link #redact} is what leaves
 * the process; {@link #restore} turns the model's words (and its tool calls' arguments) back into
 * the real values, inside it. Not thread-safe: one per prompt being built.
 */
public final class Placeholders {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\[(EMAIL|PHONE|CARD|IBAN)_(\\d{1,4})]");

  private final boolean enabled;
  private final Map<String, String> byValue = new HashMap<>();
  private final Map<String, String> byPlaceholder = new LinkedHashMap<>();
  private final Map<PersonalDataKind, Integer> counts = new EnumMap<>(PersonalDataKind.class);

  private Placeholders(boolean enabled) {
    this.enabled = enabled;
  }

  /** The placeholders of {@code conversation}, numbered in the order its texts first mention each value. */
  public static Placeholders numbering(List<String> conversation) {
    Placeholders placeholders = new Placeholders(true);
    conversation.forEach(placeholders::redact);
    return placeholders;
  }

  /** Redaction switched off: every text passes unchanged. */
  public static Placeholders off() {
    return new Placeholders(false);
  }

  /** {@code text} with every piece of personal data replaced by its placeholder (new ones numbered on). */
  public String redact(String text) {
    if (!enabled) return text;
    List<PersonalData.Found> found = PersonalData.find(text);
    if (found.isEmpty()) return text;
    StringBuilder redacted = new StringBuilder(text.length());
    int at = 0;
    for (PersonalData.Found f : found) {
      redacted.append(text, at, f.start()).append(placeholderOf(f));
      at = f.end();
    }
    return redacted.append(text, at, text.length()).toString();
  }

  /** A message of a model request with its text and its tool calls' arguments redacted. */
  public PromptMessage redact(PromptMessage message) {
    if (!enabled) return message;
    return new PromptMessage(message.role(), redact(message.content()), message.toolCalls().stream()
        .map(call -> new ToolCall(call.id(), call.name(), redact(call.argumentsJson()))).toList(), message.toolCallId());
  }

  /** {@code text} with every placeholder of this conversation replaced by its value; unknown ones stay. */
  public String restore(String text) {
    if (byPlaceholder.isEmpty() || text.indexOf('[') < 0) return text;
    Matcher matcher = PLACEHOLDER.matcher(text);
    StringBuilder restored = new StringBuilder(text.length());
    while (matcher.find()) {
      matcher.appendReplacement(restored,
          Matcher.quoteReplacement(byPlaceholder.getOrDefault(matcher.group(), matcher.group())));
    }
    matcher.appendTail(restored);
    return restored.toString();
  }

  public Optional<String> valueOf(String placeholder) {
    return Optional.ofNullable(byPlaceholder.get(placeholder));
  }

  public int size() {
    return byPlaceholder.size();
  }

  private String placeholderOf(PersonalData.Found found) {
    String key = found.kind() + ":" + normalized(found);
    return byValue.computeIfAbsent(key, k -> {
      int n = counts.merge(found.kind(), 1, Integer::sum);
      String placeholder = found.kind().placeholder(n);
      byPlaceholder.put(placeholder, found.value());
      return placeholder;
    });
  }

  /** One value however it is written: "+49 30 1234567" and "+49301234567" are one phone. */
  private static String normalized(PersonalData.Found found) {
    return found.kind() == PersonalDataKind.EMAIL ? found.value().toLowerCase(java.util.Locale.ROOT)
        : found.value().replaceAll("[\\s().-]", "").toUpperCase(java.util.Locale.ROOT);
  }
}
