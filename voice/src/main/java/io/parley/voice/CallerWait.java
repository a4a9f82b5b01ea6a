package io.parley.voice;

import java.util.Optional;

/**
 * The caller's wait for an answer: from the end of their last utterance to the first audio of the
 * turn that answers it ({@link SpokenTurnLatency}), each step told to the metrics. A new utterance
 * starts a new wait; one nothing will answer (a blank transcript, a refused message) is forgotten.
 * The turn's trace ({@link VoiceTurnSpans}) hears of the same steps.
 * Not thread-safe: one call's actor.
 */
final class CallerWait {
  private final VoiceMetrics metrics;
  private final VoiceTurnSpans spans;
  private Optional<SpokenTurnLatency> turn = Optional.empty();

  CallerWait(VoiceMetrics metrics, VoiceTurnSpans spans) {
    this.metrics = metrics;
    this.spans = spans;
  }

  void utteranceEnded() {
    turn = Optional.of(new SpokenTurnLatency(System.nanoTime()));
    spans.utteranceEnded();
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
