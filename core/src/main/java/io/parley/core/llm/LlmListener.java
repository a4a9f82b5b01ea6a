package io.parley.core.llm;

/** Receives the pieces of a streamed answer as they arrive, in order, from one thread at a time. */
@FunctionalInterface
public interface LlmListener {
  void onDelta(String text);
}
