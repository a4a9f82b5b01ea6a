package io.parley.core.llm;

/**
 * Port to a chat-completions model. Implementations stream: every piece of the answer's text goes
 * to the listener as it arrives, and the call's result carries the whole answer, tool calls
 * included.
 */
public interface LlmClient {
  /** A short name for logs and metrics labels, e.g. the provider name. */
  String name();

  LlmCall stream(LlmRequest request, LlmListener listener);
}
