package io.parley.core.llm;

/** One message of a chat-completions request, in the OpenAI role vocabulary. */
public record PromptMessage(String role, String content) {
  public static PromptMessage system(String content) {
    return new PromptMessage("system", content);
  }

  public static PromptMessage user(String content) {
    return new PromptMessage("user", content);
  }

  public static PromptMessage assistant(String content) {
    return new PromptMessage("assistant", content);
  }
}
