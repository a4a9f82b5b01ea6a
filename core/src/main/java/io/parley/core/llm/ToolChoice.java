package io.parley.core.llm;

import io.parley.core.WireName;

/** Whether the model may, must or must not call one of the request's tools ({@code tool_choice}). */
enum ToolChoice implements WireName {
  /** The model decides; the servers' default, so it is not sent. */
  AUTO,
  /** Keeps the tools in the prompt but forbids calling them. */
  NONE,
  /** The model must call at least one tool; not every OpenAI-compatible server honours it. */
  REQUIRED
}
