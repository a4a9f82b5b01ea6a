package io.parley.core.llm;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One message of a chat-completions request, in the OpenAI role vocabulary. Besides text, an
 * {@code assistant} message may carry the tool calls the model made, and a {@code tool} message
 * answers one of them by its id.
 *
 * @param content never null: a tool-calls-only assistant message has "" (it is sent that way too)
 * @param toolCalls only on {@code assistant} messages
 * @param toolCallId present exactly on {@code tool} messages
 */
public record PromptMessage(String role, String content, List<ToolCall> toolCalls, Optional<String> toolCallId) {
  public PromptMessage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(content, "content");
    toolCalls = List.copyOf(toolCalls);
    Objects.requireNonNull(toolCallId, "toolCallId");
    if (!toolCalls.isEmpty() && !"assistant".equals(role)) {
      throw new IllegalArgumentException("only assistant messages carry tool calls, not " + role + " messages");
    }
    if (toolCallId.isPresent() != "tool".equals(role)) {
      throw new IllegalArgumentException("a tool message, and only a tool message, quotes a tool call id (role "
          + role + ", toolCallId " + toolCallId + ")");
    }
  }

  public PromptMessage(String role, String content) {
    this(role, content, List.of(), Optional.empty());
  }

  public static PromptMessage system(String content) {
    return new PromptMessage("system", content);
  }

  public static PromptMessage user(String content) {
    return new PromptMessage("user", content);
  }

  public static PromptMessage assistant(String content) {
    return new PromptMessage("assistant", content);
  }

  /** The model's turn that only called tools, replayed before their results. */
  public static PromptMessage assistantToolCalls(List<ToolCall> toolCalls) {
    return assistantToolCalls("", toolCalls);
  }

  /** The model's turn that said something and called tools in the same answer. */
  public static PromptMessage assistantToolCalls(String content, List<ToolCall> toolCalls) {
    if (toolCalls.isEmpty()) {
      throw new IllegalArgumentException("an assistant tool-calls message needs at least one call");
    }
    return new PromptMessage("assistant", content, toolCalls, Optional.empty());
  }

  /** What the tool called as {@code toolCallId} returned, as text (usually JSON) for the model. */
  public static PromptMessage toolResult(String toolCallId, String content) {
    return new PromptMessage("tool", content, List.of(), Optional.of(toolCallId));
  }
}
