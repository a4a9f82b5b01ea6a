package io.parley.core.llm;

import java.util.List;

/** A chat-completions request; the model comes from the client's endpoint settings. */
public record LlmRequest(List<PromptMessage> messages, int maxTokens, double temperature) {
  public LlmRequest {
    messages = List.copyOf(messages);
  }
}
