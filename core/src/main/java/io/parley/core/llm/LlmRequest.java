package io.parley.core.llm;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A chat-completions request; the model comes from the client's endpoint settings.
 *
 * @param tools the functions the model may call; none means a plain completion, and then no
 *     {@code tools} field is sent at all (some servers reject an empty array)
 * @param toolChoice only sent when it is not {@link ToolChoice#AUTO}
 * @param traceparent the W3C trace context of the call (docs/tracing.md), sent as the
 *     {@code traceparent} header so a model server that traces joins the turn's trace
 * @param providers the names of the providers a client with several may try, in that order;
 *     empty: all of its own, in its own order. Not sent to any model server.
 * @param responseSchema the schema a structured answer must follow (an evaluation's judge); none
 *     for a conversation's answers
 */
public record LlmRequest(
    List<PromptMessage> messages, int maxTokens, double temperature, List<ToolSpec> tools, ToolChoice toolChoice,
    Optional<String> traceparent, List<String> providers, Optional<ResponseSchema> responseSchema) {
  public LlmRequest {
    Objects.requireNonNull(responseSchema, "responseSchema");
    messages = List.copyOf(messages);
    providers = List.copyOf(providers);
    tools = List.copyOf(tools);
    Objects.requireNonNull(toolChoice, "toolChoice");
    Objects.requireNonNull(traceparent, "traceparent");
    Set<String> names = new HashSet<>();
    for (ToolSpec tool : tools) {
      if (!names.add(tool.name())) {
        throw new IllegalArgumentException("two tools are named " + tool.name());
      }
    }
    if (tools.isEmpty() && toolChoice != ToolChoice.AUTO) {
      throw new IllegalArgumentException("tool choice " + toolChoice + " needs at least one tool");
    }
  }

  public LlmRequest(
      List<PromptMessage> messages, int maxTokens, double temperature, List<ToolSpec> tools, ToolChoice toolChoice,
      Optional<String> traceparent, List<String> providers) {
    this(messages, maxTokens, temperature, tools, toolChoice, traceparent, providers, Optional.empty());
  }

  public LlmRequest(
      List<PromptMessage> messages, int maxTokens, double temperature, List<ToolSpec> tools, ToolChoice toolChoice) {
    this(messages, maxTokens, temperature, tools, toolChoice, Optional.empty(), List.of());
  }

  /** A request without tools. */
  public LlmRequest(List<PromptMessage> messages, int maxTokens, double temperature) {
    this(messages, maxTokens, temperature, List.of(), ToolChoice.AUTO);
  }

  /** This request offering {@code tools}, which the model may call or not. */
  public LlmRequest withTools(List<ToolSpec> tools) {
    return new LlmRequest(messages, maxTokens, temperature, tools, ToolChoice.AUTO, traceparent, providers, responseSchema);
  }

  /** This request as part of the trace {@code traceparent} names; empty leaves it out of any. */
  public LlmRequest withTraceparent(Optional<String> traceparent) {
    return new LlmRequest(messages, maxTokens, temperature, tools, toolChoice, traceparent, providers, responseSchema);
  }

  /** This request tried on {@code providers} only, in that order (empty: the client's own order). */
  public LlmRequest withProviders(List<String> providers) {
    return new LlmRequest(messages, maxTokens, temperature, tools, toolChoice, traceparent, providers, responseSchema);
  }

  /** This request answered as JSON following {@code schema}. */
  public LlmRequest withResponseSchema(ResponseSchema schema) {
    return new LlmRequest(messages, maxTokens, temperature, tools, toolChoice, traceparent, providers, Optional.of(schema));
  }
}
