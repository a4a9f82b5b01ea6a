package io.parley.core.privacy;

import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ToolCall;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The placeholders of one conversation: each piece of personal data becomes {@code [EMAIL_1]},
 * {@code [CARD_2]}…, numbered by first appearance, so the same value is the same placeholder in
 * every prompt of the session and the model can still refer to it. {@link #redact} is what leaves
 * the process; {@link #restore} turns the model's words (and its tool calls' arguments) back into
 * the real values, inside it. Not thread-safe: one per prompt being built, handed from thread to
 * thread only through a message or a future's completion.
 */
public final class Placeholders {
  // Built-in kinds and tenant pattern names alike; only the placeholders this conversation made are restored.
  private static final Pattern PLACEHOLDER = Pattern.compile("\\[[A-Z][A-Z0-9_]{1,19}_\\d{1,4}]");

  private final Optional<RedactionPolicy> policy;
  private final Map<String, String> byValue = new HashMap<>();
  private final Map<String, String> byPlaceholder = new LinkedHashMap<>();
  private final Map<String, Integer> counts = new HashMap<>();
  /** Texts this numbering redacted before, each as it came out: not searched again. */
  private final Map<String, String> redacted;
  /** The texts this copy numbered first, each as it came out: not searched again either. */
  private final Map<String, String> numberedFirst = new HashMap<>();
  private PatternDeadline deadline = PatternDeadline.none();
  /** Texts numbered before anything else this numbering does, and who hears of it then; see {@link #copyNumbering}. */
  private List<String> unnumbered = List.of();
  private BiConsumer<Placeholders, Map<String, String>> numbered = (placeholders, asSent) -> {};

  private Placeholders(Optional<RedactionPolicy> policy) {
    this(policy, Map.of());
  }

  private Placeholders(Optional<RedactionPolicy> policy, Map<String, String> redacted) {
    this.policy = policy;
    this.redacted = redacted;
  }

  /** The placeholders of {@code conversation} under the standard policy. */
  public static Placeholders numbering(List<String> conversation) {
    return numbering(conversation, RedactionPolicy.standard());
  }

  /**
   * The placeholders of {@code conversation}, numbered in the order its texts first mention each
   * value. Each of its texts is kept as it came out, since those who number a transcript redact its
   * texts next (an archive, a judged conversation), and a text reads the same however often it is
   * redacted: it is not searched again.
   */
  public static Placeholders numbering(List<String> conversation, RedactionPolicy policy) {
    Placeholders placeholders = new Placeholders(Optional.of(policy));
    for (String text : conversation) placeholders.numberedFirst.put(text, placeholders.redact(text));
    return placeholders;
  }

  /**
   * An independent copy with the numbering so far: a session keeps one numbering as its transcript
   * grows and gives each prompt its own copy, instead of numbering the whole transcript per turn.
   */
  public Placeholders copy() {
    return copy(Map.of());
  }

  /**
   * As {@link #copy()}, knowing how the texts of {@code redacted} read redacted: texts this
   * numbering redacted before, each as it came out then (an immutable map, shared, never copied). A
   * prompt sends a conversation's earlier messages again on every turn; their values are numbered
   * already, so each reads as it did then, and the copy does not search them for personal data again.
   */
  public Placeholders copy(Map<String, String> redacted) {
    numberFirst();
    Placeholders copy = new Placeholders(policy, redacted);
    copy.byValue.putAll(byValue);
    copy.byPlaceholder.putAll(byPlaceholder);
    copy.counts.putAll(counts);
    return copy;
  }

  /**
   * As {@link #copy(Map)}, numbering {@code texts} on first, where the copy is first used rather than
   * here: a session hands each prompt its numbering so far with the messages since, and the tenant's
   * patterns run where the prompt is built, never on the session's thread. Once they are numbered,
   * {@code numbered} is given a copy of the numbering then and each of the texts as it came out
   * (nothing when a pattern was skipped for time, so the texts are numbered again, whole, next time).
   */
  public Placeholders copyNumbering(List<String> texts, Map<String, String> redacted,
      BiConsumer<Placeholders, Map<String, String>> numbered) {
    Placeholders copy = copy(redacted);
    copy.unnumbered = List.copyOf(texts);
    copy.numbered = numbered;
    return copy;
  }

  /** This numbering, its tenant patterns running until {@code deadline} from here on. */
  public Placeholders within(PatternDeadline deadline) {
    this.deadline = deadline;
    return this;
  }

  /** Redaction switched off: every text passes unchanged. */
  public static Placeholders off() {
    return new Placeholders(Optional.empty());
  }

  /** {@code text} with every piece of personal data replaced by its placeholder (new ones numbered on). */
  public String redact(String text) {
    numberFirst();
    return redact(text, deadline);
  }

  private String redact(String text, PatternDeadline within) {
    if (policy.isEmpty()) return text;
    String known = redacted.get(text);
    if (known == null) known = numberedFirst.get(text);
    if (known != null) return known;
    List<PersonalData.Found> found = PersonalData.find(text, policy.get(), within);
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
    if (policy.isEmpty()) return message;
    return new PromptMessage(message.role(), redact(message.content()), message.toolCalls().stream()
        .map(call -> new ToolCall(call.id(), call.name(), redact(call.argumentsJson()))).toList(), message.toolCallId());
  }

  /** {@code text} with every placeholder of this conversation replaced by its value; unknown ones stay. */
  public String restore(String text) {
    numberFirst();
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
    numberFirst();
    return Optional.ofNullable(byPlaceholder.get(placeholder));
  }

  public int size() {
    numberFirst();
    return byPlaceholder.size();
  }

  private void numberFirst() {
    if (unnumbered.isEmpty()) return;
    List<String> texts = unnumbered;
    unnumbered = List.of();
    int[] skipped = {0};
    PatternDeadline counted = new PatternDeadline(deadline.atNanos(), deadline.nanoTime(), pattern -> {
      skipped[0]++;
      deadline.skipped().accept(pattern);
    });
    for (String text : texts) {
      String asSent = redact(text, counted);
      if (!redacted.containsKey(text)) numberedFirst.put(text, asSent);
    }
    if (skipped[0] == 0) numbered.accept(copy(), Map.copyOf(numberedFirst));
  }

  private String placeholderOf(PersonalData.Found found) {
    return byValue.computeIfAbsent(keyOf(found), k -> {
      int n = counts.merge(found.kind(), 1, Integer::sum);
      String placeholder = "[" + found.kind() + "_" + n + "]";
      byPlaceholder.put(placeholder, found.value());
      return placeholder;
    });
  }

  /**
   * The value {@code found} as the numbering tells values apart: its kind and its value however it
   * is written ({@code EMAIL:ada@example.com}); one key, one placeholder.
   */
  public static String keyOf(PersonalData.Found found) {
    return found.kind() + ":" + normalized(found);
  }

  /** One value however it is written: "+49 30 1234567" and "+49301234567" are one phone. */
  private static String normalized(PersonalData.Found found) {
    return found.kind().equals(PersonalDataKind.EMAIL.name()) ? found.value().toLowerCase(java.util.Locale.ROOT)
        : found.value().replaceAll("[\\s().-]", "").toUpperCase(java.util.Locale.ROOT);
  }
}
