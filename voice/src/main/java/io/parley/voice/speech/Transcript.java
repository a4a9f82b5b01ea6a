package io.parley.voice.speech;

/**
 * What a recogniser heard: a {@code partial} guess that later transcripts replace, or the
 * {@code final} text of an utterance. {@code confidence} is 0..1 (1 when the engine gives none).
 */
public record Transcript(String text, double confidence, boolean isFinal) {
  public Transcript {
    text = text == null ? "" : text.strip();
    if (confidence < 0 || confidence > 1) throw new IllegalArgumentException("confidence must be 0..1, got " + confidence);
  }
}
