package io.parley.core.llm;

/**
 * Token accounting as reported by the model server, or, for a call the node cut short (the
 * customer spoke over the answer), as the node estimated it: a cancelled stream reports nothing,
 * but the provider still bills the request and what it had written.
 */
public record TokenUsage(int promptTokens, int completionTokens) {
  public TokenUsage plus(TokenUsage other) {
    return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
  }

  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
