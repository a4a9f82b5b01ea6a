package io.parley.core.privacy;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.KeypadEntry;
import java.util.List;
import java.util.Set;

/**
 * A transcript as it is read outside the session (the staff's view, the REST routes): the keys of
 * each private keypad entry ({@link KeypadEntry}) replaced by placeholders, {@code ⌨ [KEYPAD_1]},
 * numbered over the transcript, everything else as written. Emails and the like are the archive's
 * and the model's redaction's to replace; a caller's keys are replaced wherever they are read.
 */
public final class KeypadRedaction {
  /** No built-in kind and no pattern: what is still found is the keypad's. */
  private static final RedactionPolicy KEYS_ONLY = new RedactionPolicy(Set.of(), List.of());

  private KeypadRedaction() {}

  public static List<ChatMessage> of(List<ChatMessage> messages) {
    if (messages.stream().noneMatch(message -> message.text().startsWith("⌨ "))) return messages;
    Placeholders placeholders = Placeholders.numbering(messages.stream().map(ChatMessage::text).toList(), KEYS_ONLY);
    return messages.stream().map(message -> message.withTexts(placeholders::redact)).toList();
  }
}
