package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where an assistant answer came from: a language model, the offline responder, the answer
 * cache (a model's earlier answer to the same or a similar context-free question), or the greeting
 * a voice call speaks first (the tenant's configured words).
 */
public enum AnswerSource {
  LLM,
  OFFLINE,
  CACHE,
  GREETING;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
