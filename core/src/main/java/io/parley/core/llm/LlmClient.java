package io.parley.core.llm;

import java.net.URI;
import java.util.Optional;

/**
 * Port to a chat-completions model. Implementations stream: every piece of the answer's text goes
 * to the listener as it arrives, and the call's result carries the whole answer, tool calls
 * included.
 */
public interface LlmClient {
  /** A short name for logs and metrics labels, e.g. the provider name. */
  String name();

  /** The model it asks for, when it asks for one model ({@code gen_ai.request.model} of its spans). */
  default Optional<String> model() {
    return Optional.empty();
  }

  /** The server it asks, when it asks one ({@code server.address} and {@code server.port} of its spans). */
  default Optional<URI> server() {
    return Optional.empty();
  }

  LlmCall stream(LlmRequest request, LlmListener listener);
}
