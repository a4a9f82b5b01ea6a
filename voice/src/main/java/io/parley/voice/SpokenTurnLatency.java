package io.parley.voice;

import java.util.OptionalDouble;

/**
 * One spoken turn's way from the end of the caller's speech to the first frame of the answer's
 * audio, split into what the call waited on others and what the node spent itself. The waits are
 * the recogniser's (end of speech to the final transcript), the model's and its tools' until the
 * answer's first sentence was asked of the synthesiser (as the turn counted them, {@code TurnWaits}), and the
 * synthesiser's (the first sentence asked for to its first audio). The rest is the node's own:
 * posting and storing the message, starting the turn, passing the answer on, cutting it into
 * sentences, resampling and pacing the audio. Each wait is counted once, however often it is told.
 * Times are {@code System.nanoTime()} readings. Not thread-safe: the call that owns it feeds it.
 */
final class SpokenTurnLatency {
  /** The turn's delay and the node's own part of it, in nanoseconds. */
  public record Split(long totalNanos, long ownNanos) {
    public double totalSeconds() {
      return totalNanos / 1e9;
    }

    public double ownSeconds() {
      return ownNanos / 1e9;
    }
  }

  private final long speechEndedNanos;
  private String turnId;
  private long recognitionNanos = -1;
  private boolean answerStarted;
  private long modelNanos;
  private long synthesisAskedNanos = -1;
  private long synthesisNanos = -1;

  SpokenTurnLatency(long speechEndedNanos) {
    this.speechEndedNanos = speechEndedNanos;
  }

  /** A turn of the session started; the first after the end of speech is the one answering it. */
  public void turnStarted(String startedTurnId) {
    if (turnId == null) turnId = startedTurnId;
  }

  /**
   * Whether {@code answerTurnId} is the turn answering this speech: the rest of an answer the
   * caller spoke over, a person's words or a notice say nothing of this turn's latency.
   */
  public boolean answeredBy(String answerTurnId) {
    return answerTurnId.equals(turnId);
  }

  /** The final transcript came from the recogniser at {@code atNanos}; returns the seconds since the end of speech. */
  public double transcribed(long atNanos) {
    long waited = since(atNanos);
    if (recognitionNanos < 0) recognitionNanos = waited;
    return waited / 1e9;
  }

  /**
   * A piece of the answer came at {@code atNanos}, after the turn had waited {@code waitedNanos}
   * on its model and tools; for the answer's first piece, returns the seconds since the end of speech.
   */
  public OptionalDouble answerPiece(long atNanos, long waitedNanos) {
    if (synthesisAskedNanos < 0) modelNanos = Math.max(modelNanos, waitedNanos);
    if (answerStarted) return OptionalDouble.empty();
    answerStarted = true;
    return OptionalDouble.of(since(atNanos) / 1e9);
  }

  /** The answer's first sentence is asked of the synthesiser at {@code atNanos}: the wait on the model ends here. */
  public void synthesisAsked(long atNanos) {
    if (synthesisAskedNanos < 0) synthesisAskedNanos = atNanos;
  }

  /** Audio for the first sentence came from the synthesiser at {@code atNanos}; only the first counts. */
  public void synthesised(long atNanos) {
    if (synthesisAskedNanos >= 0 && synthesisNanos < 0) synthesisNanos = Math.max(0, atNanos - synthesisAskedNanos);
  }

  /** The answer's first frame went out at {@code atNanos}: the turn's delay and the node's own part of it. */
  public Split firstAudio(long atNanos) {
    long total = since(atNanos);
    long waited = Math.max(0, recognitionNanos) + modelNanos + Math.max(0, synthesisNanos);
    return new Split(total, Math.max(0, total - waited));
  }

  private long since(long atNanos) {
    return Math.max(0, atNanos - speechEndedNanos);
  }
}
