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
    request.append(TranscriptText.of(messages));
    List<PromptMessage> prompt = new ArrayList<>();
    prompt.add(PromptMessage.system(instructions));
    prompt.add(PromptMessage.user(request.toString()));
    return prompt;
  }
}
