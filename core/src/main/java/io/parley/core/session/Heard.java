package io.parley.core.session;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a user message was heard, when the customer spoke it: the speech engine that transcribed it,
 * how sure it was (0..1), and how long the customer spoke it ({@code spokenMillis}: from the
 * utterance's first voiced frame to its last, as the turn detector measured it; 0 in journals
 * written before it was recorded). Kept with the message so the archive shows which turns were
 * spoken and how reliable their text is, and the read model how long the caller spoke.
 */
public record Heard(String engine, double confidence, @JsonInclude(JsonInclude.Include.NON_DEFAULT) long spokenMillis) {
  public Heard {
    if (engine == null || engine.isBlank()) throw new IllegalArgumentException("engine must not be blank");
    if (confidence < 0 || confidence > 1) throw new IllegalArgumentException("confidence must be 0..1, got " + confidence);
    if (spokenMillis < 0) throw new IllegalArgumentException("spokenMillis must not be negative, got " + spokenMillis);
  }

  /** Heard without its length: what was recorded before the length was. */
  public Heard(String engine, double confidence) {
    this(engine, confidence, 0);
  }
}
