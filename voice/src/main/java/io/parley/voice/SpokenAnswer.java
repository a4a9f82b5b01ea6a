package io.parley.voice;

import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.FrameCutter;
import io.parley.voice.media.Resampler;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One answer being spoken. Sentences are cut from the model's stream as it arrives and synthesised
 * one at a time, so the first plays while the model still writes the rest; the audio goes out in
 * 20 ms frames no more than {@code leadMillis} ahead of real time, so a barge-in stops it within
 * that. When the synthesis cannot keep up, the playback clock waits with it instead of bursting the
 * backlog. What was heard is read off the {@link PlaybackLedger}. Not thread-safe: one call's actor.
 */
final class SpokenAnswer {
  private static final int FRAME_MILLIS = 20;

  /** When an answer not begun may begin, given what the caller is doing. */
  enum Opening {
    /** Whenever it is next; the caller's words cut it, begun or not (an answer, an agent's message). */
    NEXT,
    /** Once the caller is not speaking, and not cut before it began: what they must hear whole. */
    WHOLE,
    /** As {@code WHOLE}, once what they said is transcribed too: a question their words may answer already. */
    WHOLE_AFTER_THEIR_WORDS
  }

  private final String turnId;
  private final Opening opening;
  private final int callRate;
  private final FrameCutter frameCutter;
  private final long leadMillis;
  private final SentenceSplitter splitter = new SentenceSplitter();
  private final Deque<String> sentences = new ArrayDeque<>();
  private final Deque<short[]> frames = new ArrayDeque<>();
  private final PlaybackLedger ledger = new PlaybackLedger();
  private Resampler toCallRate;
  private int streamedChars;
  private boolean complete;
  private boolean synthesizing;
  private int sentenceNumber;
  // The playback clock: it runs from clockStartNanos (-1 while stopped) on top of clockBaseMillis.
  private long clockStartNanos = -1;
  private long clockBaseMillis;
  private long sentMillis;
  private boolean started;
  private boolean endedEarly;
  /** When it first waited, not begun, for the caller who has the floor (a {@link System#nanoTime}), or -1. */
  private long waitingSinceNanos = -1;

  /**
   * The answer spoken under {@code turnId}, beginning as its {@code opening} says, at the call's
   * {@code callRate}, sent {@code leadMillis} ahead.
   */
  SpokenAnswer(String turnId, Opening opening, int callRate, long leadMillis) {
    this.turnId = turnId;
    this.opening = opening;
    this.callRate = callRate;
    this.frameCutter = new FrameCutter(callRate * FRAME_MILLIS / 1000);
    this.leadMillis = leadMillis;
  }

  String turnId() {
    return turnId;
  }

  /**
   * Whether the caller must hear it from its start (the greeting, a notice): not begun while they
   * have the floor, nor cut by their words before it began.
   */
  boolean heardWhole() {
    return opening != Opening.NEXT;
  }

  /** Whether it waits, not begun, until the caller's words are transcribed, not only until they pause. */
  boolean waitsForTheirWords() {
    return opening == Opening.WHOLE_AFTER_THEIR_WORDS;
  }

  /**
   * Whether, not begun, it still waits at {@code nowNanos} for the caller who has the floor: from
   * the first time it waited, for at most {@code maxWaitNanos} (a line whose noise never stops).
   */
  boolean waitsForCaller(long nowNanos, long maxWaitNanos) {
    if (waitingSinceNanos < 0) waitingSinceNanos = nowNanos;
    return nowNanos - waitingSinceNanos < maxWaitNanos;
  }

  /** A streamed piece of the answer. */
  void onDelta(String text) {
    if (endedEarly) return;
    streamedChars += text.length();
    sentences.addAll(splitter.add(text));
  }

  /** The whole answer, as stored: whatever the stream did not bring (or all of it, for an answer not streamed). */
  void onAnswer(String text) {
    if (complete) return;
    if (streamedChars < text.length()) sentences.addAll(splitter.add(text.substring(streamedChars)));
    splitter.flush().ifPresent(sentences::add);
    complete = true;
  }

  /**
   * Nothing is said after the sentence playing at {@code nowNanos}: the audio queued beyond its end
   * is dropped. True when the synthesis under way is of a later sentence, which the caller cancels.
   */
  boolean endAfterCurrentSentence(long nowNanos) {
    sentences.clear();
    complete = true;
    endedEarly = true;
    OptionalLong end = ledger.endOfSentenceAt(Math.min(playedMillis(nowNanos), sentMillis));
    if (end.isEmpty()) return false; // the sentence playing is still being made: it plays to its end
    long framesLeft = Math.max(0, (end.getAsLong() - sentMillis + FRAME_MILLIS - 1) / FRAME_MILLIS);
    while (frames.size() > framesLeft) frames.pollLast();
    frameCutter.flush();
    boolean laterSentence = synthesizing;
    synthesizing = false;
    return laterSentence;
  }

  /** Whether the answer was ended before all of it was said. */
  boolean endedEarly() {
    return endedEarly;
  }

  /** The next sentence to synthesise, when none is being synthesised; numbered to recognise late engine callbacks. */
  Optional<Sentence> nextSentence() {
    if (synthesizing || sentences.isEmpty()) return Optional.empty();
    synthesizing = true;
    String text = sentences.poll();
    ledger.sentenceQueued(text);
    return Optional.of(new Sentence(++sentenceNumber, text));
  }

  record Sentence(int number, String text) {}

  boolean isCurrent(int number) {
    return synthesizing && number == sentenceNumber;
  }

  /** Audio of the sentence being synthesised, at the engine's rate. */
  void onAudio(AudioChunk chunk) {
    if (toCallRate == null || toCallRate.fromRate() != chunk.sampleRate()) {
      toCallRate = new Resampler(chunk.sampleRate(), callRate);
    }
    short[] samples = toCallRate.process(chunk.samples());
    ledger.audioQueued(samples.length * 1000L / callRate);
    frames.addAll(frameCutter.add(samples));
  }

  /** The sentence being synthesised is all out (or failed: what came of it plays, the rest is skipped). */
  void onSentenceDone() {
    frameCutter.flush().ifPresent(frames::add);
    ledger.sentenceComplete();
    synthesizing = false;
  }

  /** The frames due by {@code nowNanos}; the first call that returns any starts the playback clock. */
  List<short[]> framesDue(long nowNanos) {
    List<short[]> due = new ArrayList<>();
    if (frames.isEmpty()) {
      if (clockStartNanos >= 0 && playedMillis(nowNanos) >= sentMillis) {
        // Played all we had: the clock waits for the synthesis.
        clockBaseMillis = sentMillis;
        clockStartNanos = -1;
      }
      return due;
    }
    if (clockStartNanos < 0) clockStartNanos = nowNanos;
    started = true;
    while (!frames.isEmpty() && sentMillis + FRAME_MILLIS <= playedMillis(nowNanos) + leadMillis) {
      due.add(frames.poll());
      sentMillis += FRAME_MILLIS;
    }
    return due;
  }

  private long playedMillis(long nowNanos) {
    return clockBaseMillis + (clockStartNanos < 0 ? 0 : (nowNanos - clockStartNanos) / 1_000_000);
  }

  boolean started() {
    return started;
  }

  /** Everything was synthesised, sent, and has had the time to play. */
  boolean finished(long nowNanos) {
    return complete && sentences.isEmpty() && !synthesizing && frames.isEmpty() && frameCutter.isEmpty()
        && playedMillis(nowNanos) >= sentMillis;
  }

  /** How much has been sent: the most the edge can have played. */
  long sentMillis() {
    return sentMillis;
  }

  /** How much of this answer the caller heard when the edge reports {@code reportedMillis} played: never more than was sent. */
  long heardMillis(long reportedMillis) {
    return Math.max(0, Math.min(reportedMillis, sentMillis));
  }

  /** The words heard after {@code playedMillis} of this answer's audio. */
  String heardAt(long playedMillis) {
    return ledger.playedText(Math.min(playedMillis, sentMillis));
  }
}
