package io.parley.core.llm;

import java.util.List;
import java.util.Optional;

/**
 * A finished streamed completion: the concatenated text, the tool calls the model made, usage when
 * the server sent it, the server's finish reason, how many HTTP attempts it took, and the model the
 * server says answered (it may name a snapshot of the model asked for).
 *
 * <p>An answer may be text only, tool calls only (text ""), or both. Look at {@link #toolCalls()}
 * rather than the finish reason to know whether tools were called: it is usually
 * {@code "tool_calls"}, but OpenAI itself says {@code "stop"} when the request forced a named tool,
 * some compatible servers say {@code "stop"} whenever, and a call cut short by {@code max_tokens}
 * ends with {@code "length"} (its arguments are then probably incomplete JSON).
 */
public record LlmAnswer(
    String text, Optional<TokenUsage> usage, String finishReason, int attempts, List<ToolCall> toolCalls,
    Optional<String> model) {
  public LlmAnswer {
    toolCalls = List.copyOf(toolCalls);
  }

  /** An answer whose server did not say its model. */
  public LlmAnswer(String text, Optional<TokenUsage> usage, String finishReason, int attempts, List<ToolCall> toolCalls) {
    this(text, usage, finishReason, attempts, toolCalls, Optional.empty());
  }

  /** A text-only answer. */
  public LlmAnswer(String text, Optional<TokenUsage> usage, String finishReason, int attempts) {
    this(text, usage, finishReason, attempts, List.of());
  }

  public boolean hasToolCalls() {
    return !toolCalls.isEmpty();
  }
}
