package io.parley.voice;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.parley.core.session.SessionId;
import io.parley.core.trace.Tracing;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The traces of a call's spoken turns (docs/tracing.md#voice-turns): a {@code voice.turn} span from
 * the end of the caller's utterance to the end of the answer's audio, with its
 * {@code speech_to_text} (the utterance's end to its final transcript) and a
 * {@code text_to_speech} span per sentence synthesised; the session's {@code session.user_message}
 * and the turn's {@code invoke_agent} continue it. Its {@code parley.voice.end_reason} says how the
 * answer ended: {@code completed} (played to its end), {@code interrupted} (the caller spoke over
 * it or pressed a key), {@code hangup} (the call ended during it) or {@code unanswered} (nothing
 * was posted: a blank transcript, a refused message, an answer to a question asked aloud). Nothing
 * of what was said is recorded. Not thread-safe: one call's actor.
 */
final class VoiceTurnSpans {
  static final String END_REASON = "parley.voice.end_reason";

  private final Tracing tracing;
  private final SessionId id;
  private final String callId;
  private final String channel;
  private final Clock clock = Clock.systemUTC();
  // When the caller's last utterance ended, until its transcript.
  private Optional<Instant> utteranceEnded = Optional.empty();
  // The turn heard and posted, until the session starts the turn that answers it.
  private Optional<Span> posted = Optional.empty();
  private final Map<String, Span> turns = new HashMap<>();
  // The sentences being synthesised, by turn and number.
  private final Map<String, Map<Integer, Span>> sentences = new HashMap<>();

  VoiceTurnSpans(Tracing tracing, SessionId id, String callId, String channel) {
    this.tracing = tracing;
    this.id = id;
    this.callId = callId;
    this.channel = channel;
  }

  void utteranceEnded() {
    utteranceEnded = Optional.of(clock.instant());
  }

  /**
   * A final transcript from {@code engine}, which answered at {@code atNanos} ({@code System.nanoTime()}):
   * the turn's span starts at the utterance's end.
   */
  void transcribed(String engine, long atNanos) {
    posted.ifPresent(earlier -> earlier.setAttribute(END_REASON, "unanswered").end());
    Instant transcribed = clock.instant().minusNanos(System.nanoTime() - atNanos);
    Instant ended = utteranceEnded.filter(at -> at.isBefore(transcribed)).orElse(transcribed);
    utteranceEnded = Optional.empty();
    Span turn = tracing.start("voice.turn", SpanKind.SERVER, Optional.empty(), ended)
        .setAttribute("parley.tenant", id.tenant())
        .setAttribute("parley.session_id", id.wireId())
        .setAttribute("parley.call_id", callId)
        .setAttribute("parley.channel", channel);
    tracing.child("speech_to_text", turn, ended).setAttribute("parley.voice.engine", engine).end(transcribed);
    posted = Optional.of(turn);
  }

  /** The {@code traceparent} the message of the utterance heard last carries to the session, which continues its trace. */
  Optional<String> traceparent() {
    return posted.flatMap(Tracing::traceparent);
  }

  /** Nothing will answer the utterance heard last: a blank transcript, or a refused message. */
  void forget() {
    utteranceEnded = Optional.empty();
    posted.ifPresent(turn -> turn.setAttribute(END_REASON, "unanswered").end());
    posted = Optional.empty();
  }

  /** The session started {@code turnId}, which answers the utterance posted last. */
  void turnStarted(String turnId) {
    posted.ifPresent(turn -> turns.put(turnId, turn.setAttribute("parley.turn_id", turnId)));
    posted = Optional.empty();
  }

  /** Sentence {@code sentence} of {@code turnId} was asked of the speech engine. */
  void synthesisAsked(String turnId, int sentence) {
    Span turn = turns.get(turnId);
    if (turn == null) return;
    sentences.computeIfAbsent(turnId, any -> new HashMap<>())
        .put(sentence, tracing.child("text_to_speech", turn).setAttribute("parley.voice.sentence", sentence));
  }

  void synthesisEnded(String turnId, int sentence, boolean failed) {
    Span synthesis = sentences.getOrDefault(turnId, Map.of()).get(sentence);
    if (synthesis == null) return;
    sentences.get(turnId).remove(sentence);
    if (failed) synthesis.setStatus(StatusCode.ERROR);
    synthesis.end();
  }

  /** The answer of {@code turnId} stopped being spoken, for {@code reason}. */
  void answerEnded(String turnId, String reason) {
    Optional.ofNullable(sentences.remove(turnId)).ifPresent(open -> open.values().forEach(Span::end));
    Span turn = turns.remove(turnId);
    if (turn != null) turn.setAttribute(END_REASON, reason).end();
  }

  /** The call ended: every turn still under way ends with it. */
  void callEnded() {
    forget();
    List.copyOf(turns.keySet()).forEach(turnId -> answerEnded(turnId, "hangup"));
  }
}
