package io.parley.core.llm;

/** Token accounting as reported by the model server (never estimated here). */
public record TokenUsage(int promptTokens, int completionTokens) {
  public int totalTokens() {
    return promptTokens + completionTokens;
  }
}
