package io.parley.core.llm;

import java.util.ArrayList;
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
 * @param images only on {@code user} messages: images the model is shown beside the text, as data
 *     URLs; sent as OpenAI-compatible {@code image_url} content parts
 */
public record PromptMessage(String role, String content, List<ToolCall> toolCalls, Optional<String> toolCallId,
    List<String> images) {
  public PromptMessage {
    images = images == null ? List.of() : List.copyOf(images);
    if (!images.isEmpty() && !"user".equals(role)) {
      throw new IllegalArgumentException("only user messages carry images, not " + role + " messages");
    }
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

  public PromptMessage(String role, String content, List<ToolCall> toolCalls, Optional<String> toolCallId) {
    this(role, content, toolCalls, toolCallId, List.of());
  }

  public PromptMessage(String role, String content) {
    this(role, content, List.of(), Optional.empty());
  }

  /** This user message with {@code more} text after its own and {@code shown} images (attachments, docs/attachments.md). */
  public PromptMessage withAttached(String more, List<String> shown) {
    List<String> all = new ArrayList<>(images);
    all.addAll(shown);
    return new PromptMessage(role, more.isEmpty() ? content : content + "\n\n" + more, toolCalls, toolCallId, all);
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
