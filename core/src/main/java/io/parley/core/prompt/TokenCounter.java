package io.parley.core.prompt;

import io.parley.core.llm.PromptMessage;
import java.util.List;

/**
 * Counts what a chat request costs in a model's context window. Today the only implementation is
 * the {@link TokenEstimator}; a real tokenizer for the configured model can take its place
 * without the callers changing.
 */
public interface TokenCounter {
  /** Tokens of the text alone, as the model's tokenizer would split it. */
  int count(String text);

  /** Tokens a message costs inside a request: its content plus the chat template's framing. */
  int count(PromptMessage message);

  /** Tokens a request costs beyond its messages, such as the header that primes the answer. */
  int requestOverhead();

  /** Tokens of a whole request made of these messages. */
  default int count(List<PromptMessage> messages) {
    int total = requestOverhead();
    for (PromptMessage message : messages) {
      total += count(message);
    }
    return total;
  }
}
