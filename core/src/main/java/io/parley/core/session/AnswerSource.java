package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where an assistant answer came from: a language model, or the offline responder. */
public enum AnswerSource {
  LLM,
  OFFLINE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
