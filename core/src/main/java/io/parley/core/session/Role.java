package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who said a message; the wire and the OpenAI chat format use the same lower-case names ({@code agent}
 * has none there: a model reads an agent's words as the assistant's, introduced by the agent's name).
 */
public enum Role {
  USER,
  ASSISTANT,
  TOOL,
  SYSTEM,
  /** A person of the support team who took the conversation over; the wire names them in {@code author}. */
  AGENT;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
