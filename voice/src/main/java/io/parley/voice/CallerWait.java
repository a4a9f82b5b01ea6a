package io.parley.voice;

import java.util.Optional;

/**
 * The caller's wait for an answer: from the end of their last utterance to the first audio of the
 * turn that answers it ({@link SpokenTurnLatency}), each step told to the metrics. A new utterance
 * starts a new wait; one nothing will answer (a blank transcript, a refused message) is forgotten.
 * The turn's trace ({@link VoiceTurnSpans}) hears of the same steps. A caller who speaks again within
 * {@link #RESUMED_WITHIN_NANOS} of their turn's end, its answer not begun, was cut off: the turn ended
 * while they were still talking (a false cut-off, counted). Not thread-safe: one call's actor.
 */
final class CallerWait {
  /** Longer than any pause inside a sentence, shorter than a caller's wait before they ask again. */
  static final long RESUMED_WITHIN_NANOS = 2_000_000_000L;

  private final VoiceMetrics metrics;
  private final VoiceTurnSpans spans;
  private final String tenant;
  private Optional<SpokenTurnLatency> turn = Optional.empty();
  private long endedNanos;

  CallerWait(VoiceMetrics metrics, VoiceTurnSpans spans, String tenant) {
    this.metrics = metrics;
    this.spans = spans;
    this.tenant = tenant;
  }

  void utteranceEnded() {
    endedNanos = System.nanoTime();
    turn = Optional.of(new SpokenTurnLatency(endedNanos));
    spans.utteranceEnded();
  }

  /** The caller began an utterance at {@code atNanos}. */
  void speechStarted(long atNanos) {
    if (turn.isPresent() && atNanos - endedNanos <= RESUMED_WITHIN_NANOS) metrics.falseCutOff(tenant);
  }

  void transcribed(long atNanos) {
    turn.ifPresent(waiting -> metrics.finalTranscript(waiting.transcribed(atNanos)));
  }

  /** Nothing is asked, so nothing answers it. */
  void forget() {
    turn = Optional.empty();
    spans.forget();
  }

  void turnStarted(String turnId) {
    turn.ifPresent(waiting -> waiting.turnStarted(turnId));
    spans.turnStarted(turnId);
  }

  void answerPiece(String turnId, long atNanos, long waitedNanos) {
    answeredBy(turnId).ifPresent(waiting -> waiting.answerPiece(atNanos, waitedNanos).ifPresent(metrics::firstToken));
  }

  void synthesisAsked(String turnId, long atNanos) {
    answeredBy(turnId).ifPresent(waiting -> waiting.synthesisAsked(atNanos));
  }

  void synthesised(String turnId, long atNanos) {
    answeredBy(turnId).ifPresent(waiting -> waiting.synthesised(atNanos));
  }

  /** The first audio of {@code turnId} went out: when that turn answers the caller, their wait is over. */
  void firstAudio(String turnId, long atNanos) {
    answeredBy(turnId).ifPresent(waiting -> {
      metrics.firstAudio(waiting.firstAudio(atNanos));
      turn = Optional.empty();
    });
  }

  private Optional<SpokenTurnLatency> answeredBy(String turnId) {
    return turn.filter(waiting -> waiting.answeredBy(turnId));
  }
}
