package io.parley.core.memory;

import io.parley.core.llm.PromptMessage;
import io.parley.core.prompt.SystemPrompt;
import io.parley.core.session.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request that asks a model to update the rolling summary: the instructions of {@code
 * prompts/summarize.txt} (quoted and explained in PROMPTS.md), then one user message holding the
 * current summary and the new messages as a transcript. The transcript is data in one message,
 * not a replay of the chat as user and assistant turns, so that the model summarises it instead
 * of answering the customer's last question.
 */
public final class SummaryPrompt {
  public static final String RESOURCE = "/prompts/summarize.txt";
  public static final int DEFAULT_MAX_WORDS = 250;
  /** A longer message (a pasted log or e-mail thread) is cut in the middle. */
  static final int MAX_MESSAGE_CHARS = 2_000;

  private final String instructions;

  public SummaryPrompt(SystemPrompt template, int maxWords) {
    if (maxWords < 20) throw new IllegalArgumentException("maxWords must be at least 20, was " + maxWords);
    this.instructions = template.render(Map.of("max_words", Integer.toString(maxWords)));
  }

  public static SummaryPrompt create(int maxWords) {
    return new SummaryPrompt(SystemPrompt.fromResource(RESOURCE), maxWords);
  }

  /** The system instructions, placeholders filled in. */
  public String instructions() {
    return instructions;
  }

  /**
   * The messages of the summarising request.
   *
   * @param previousSummary the summary so far, if there is one
   * @param messages the range being folded in ({@link SeqRange#select}), in conversation order
   */
  public List<PromptMessage> messages(Optional<String> previousSummary, List<ChatMessage> messages) {
    StringBuilder request = new StringBuilder("Current summary:\n");
    request.append(previousSummary.filter(s -> !s.isBlank()).map(String::strip).orElse("(none yet)"));
    request.append("\n\nNew messages:");
    for (ChatMessage message : messages) {
      String speaker = switch (message.role()) {
        case USER -> "Customer";
        case ASSISTANT -> "Assistant";
        case AGENT -> message.author().map(name -> "Agent " + name).orElse("Agent");
        case SYSTEM -> "Note";
        case TOOL -> null;
      };
      if (speaker == null) continue;
      // Continuation lines are indented, so a line in a message cannot pass for another speaker.
      String text = cutMiddle(message.text().strip()).replaceAll("\\R", "\n  ");
      request.append('\n').append(speaker).append(": ").append(text);
    }
    List<PromptMessage> prompt = new ArrayList<>();
    prompt.add(PromptMessage.system(instructions));
    prompt.add(PromptMessage.user(request.toString()));
    return prompt;
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
