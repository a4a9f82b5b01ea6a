package io.parley.core.evaluation;

import java.util.List;

/** Who speaks for the customer in a test case: fixed messages, or a model playing a persona towards a goal. */
public sealed interface CustomerScript {
  /** The customer's messages, sent in order, each once the bot answered the one before. */
  record Scripted(List<String> messages) implements CustomerScript {
    public Scripted {
      messages = List.copyOf(messages);
    }
  }

  /** A model plays {@code persona} pursuing {@code goal}, for at most {@code maxTurns} messages. */
  record Simulated(String persona, String goal, int maxTurns) implements CustomerScript {}
}
