package io.parley.core.llm;

/** Whether the model may, must or must not call one of the request's tools ({@code tool_choice}). */
enum ToolChoice {
  /** The model decides; the servers' default, so it is not sent. */
  AUTO("auto"),
  /** Keeps the tools in the prompt but forbids calling them. */
  NONE("none"),
  /** The model must call at least one tool; not every OpenAI-compatible server honours it. */
  REQUIRED("required");

  private final String wireName;

  ToolChoice(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
