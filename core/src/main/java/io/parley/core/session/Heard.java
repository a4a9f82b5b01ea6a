package io.parley.core.session;

/**
 * How a user message was heard, when the customer spoke it: the speech engine that transcribed it
 * and how sure it was (0..1). Kept with the message so the archive shows which turns were spoken
 * and how reliable their text is.
 */
public record Heard(String engine, double confidence) {
  public Heard {
    if (engine == null || engine.isBlank()) throw new IllegalArgumentException("engine must not be blank");
    if (confidence < 0 || confidence > 1) throw new IllegalArgumentException("confidence must be 0..1, got " + confidence);
  }
}
