package io.parley.core.prompt;

/**
 * How a model's context window is shared: {@code contextTokens} is the window's size, and
 * {@code answerReserveTokens} are kept free for the answer (the request's {@code max_tokens}),
 * because prompt and answer share the window and the server rejects a request that overflows it.
 */
public record PromptBudget(int contextTokens, int answerReserveTokens) {
  public PromptBudget {
    if (answerReserveTokens <= 0) {
      throw new IllegalArgumentException(
          "answerReserveTokens must be greater than 0, was " + answerReserveTokens);
    }
    if (answerReserveTokens >= contextTokens) {
      throw new IllegalArgumentException(
          "answerReserveTokens (" + answerReserveTokens + ") must be less than contextTokens ("
              + contextTokens + ")");
    }
  }

  /** Tokens the prompt may use. */
  public int promptTokens() {
    return contextTokens - answerReserveTokens;
  }
}
