package io.parley.core.memory;

import io.parley.core.session.ChatMessage;
import java.util.List;

/**
 * A conversation as data for a model: one line per message, "Customer: …", "Assistant: …",
 * "Agent Dana: …", "Note: …" (tool messages left out), each further line of a message indented so
 * it cannot pass for another speaker, and a message longer than {@link #MAX_MESSAGE_CHARS} (a
 * pasted log) cut in the middle. Sent in one message, it is read as a transcript, not answered.
 */
public final class TranscriptText {
  static final int MAX_MESSAGE_CHARS = 2_000;

  private TranscriptText() {}

  /** The lines of {@code messages}, each starting with a line break. */
  public static String of(List<ChatMessage> messages) {
    StringBuilder lines = new StringBuilder();
    for (ChatMessage message : messages) {
      String speaker = switch (message.role()) {
        case USER -> "Customer";
        case ASSISTANT -> "Assistant";
        case AGENT -> message.author().map(name -> "Agent " + name).orElse("Agent");
        case SYSTEM -> "Note";
        case TOOL -> null;
      };
      if (speaker == null) continue;
      String text = cutMiddle(message.text().strip()).replaceAll("\\R", "\n  ");
      lines.append('\n').append(speaker).append(": ").append(text);
    }
    return lines.toString();
  }

  private static String cutMiddle(String text) {
    if (text.length() <= MAX_MESSAGE_CHARS) return text;
    int half = MAX_MESSAGE_CHARS / 2;
    int head = half;
    if (Character.isHighSurrogate(text.charAt(head - 1))) head--;
    int tail = text.length() - half;
    if (Character.isLowSurrogate(text.charAt(tail))) tail++;
    return text.substring(0, head) + " [… " + (tail - head) + " characters left out …] " + text.substring(tail);
  }
}
