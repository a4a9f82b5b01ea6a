package io.parley.core.llm;

import java.util.concurrent.CompletionStage;

/** A running completion: its eventual answer, and a way to abandon it (a closed session, a timeout). */
public interface LlmCall {
  /** Completes with the answer, or exceptionally with an {@link LlmException}. */
  CompletionStage<LlmAnswer> result();

  /** Stops reading the stream and releases the connection; the result completes exceptionally. */
  void cancel();
}
