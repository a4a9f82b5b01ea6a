package io.parley.core.llm;

/**
 * Receives the text of a streamed answer piece by piece as it arrives, in order, from one thread at
 * a time. Tool calls never come here: they arrive whole, in the {@link LlmAnswer}. It is called on
 * the HTTP client's I/O thread, so it must not block: hand the text on (tell an actor) and return.
 */
@FunctionalInterface
public interface LlmListener {
  void onDelta(String text);
}
