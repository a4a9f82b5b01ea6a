package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where an assistant answer came from: a language model, the offline responder, or the answer
 * cache (a model's earlier answer to the same or a similar context-free question).
 */
public enum AnswerSource {
  LLM,
  OFFLINE,
  CACHE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
