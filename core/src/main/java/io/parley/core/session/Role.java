package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who said a message; the wire and the OpenAI chat format use the same lower-case names. */
public enum Role {
  USER,
  ASSISTANT,
  TOOL,
  SYSTEM;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
