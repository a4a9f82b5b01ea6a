package io.parley.voice;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The questions a call asks aloud whose answer is the caller's next words rather than a message
 * (an approval, the recording's consent). Only one can take an utterance: the first in the call's
 * order that {@linkplain Question#asks asks for it}, so that an approval asked while the recording's question waits is answered
 * first, and the recording's question hears the words after it. Not thread-safe: one call's actor.
 */
final class SpokenQuestions {
  /** A question the caller answers by speaking. */
  interface Question {
    /** Whether it waits for an answer: the caller's words may answer it rather than be a message. */
    boolean asking();

    /** Whether the caller's utterance begun at {@code begunNanos} (a {@link System#nanoTime}) answers it. */
    boolean asks(long begunNanos);

    /** The caller said {@code heard}: whether it answered, or made it be asked again, and is no message. */
    boolean heard(String heard);

    /** The call began to play {@code key}, which the caller hears from {@code audibleNanos} (a {@link System#nanoTime}). */
    void started(String key, long audibleNanos);
  }

  /**
   * How the questions are spoken, by the call's {@link SpokenAnswers}: {@code saying} says one to be
   * heard whole, {@code sayingAfterTheirWords} once the caller's words are transcribed too (a question
   * asked again, which the words they began before it may answer already), {@code withdrawing} takes
   * back what has not begun.
   */
  record Voice(BiConsumer<String, String> saying, BiConsumer<String, String> sayingAfterTheirWords,
      Consumer<String> withdrawing) {
    void say(String key, String text) {
      saying.accept(key, text);
    }

    void sayAfterTheirWords(String key, String text) {
      sayingAfterTheirWords.accept(key, text);
    }

    /** What is queued under {@code key} and has not begun is no longer said. */
    void withdraw(String key) {
      withdrawing.accept(key);
    }
  }

  private final List<Question> inOrder;

  /** A call's approvals ({@code SpokenApprovals}) and its recording's consent ({@code RecordingConsent}), approvals first. */
  SpokenQuestions(Question approvals, Question recording) {
    this.inOrder = List.of(approvals, recording);
  }

  /** The call began to play {@code key}, which the caller hears from {@code audibleNanos}. */
  void started(String key, long audibleNanos) {
    inOrder.forEach(question -> question.started(key, audibleNanos));
  }

  /** Whether any question waits for the caller's words. */
  boolean asking() {
    return inOrder.stream().anyMatch(Question::asking);
  }

  /**
   * The caller said {@code heard}, in an utterance begun at {@code begunNanos}: whether a question
   * took it, so that it is no message for the session.
   */
  boolean heard(long begunNanos, String heard) {
    return inOrder.stream().filter(question -> question.asks(begunNanos)).findFirst()
        .map(question -> question.heard(heard)).orElse(false);
  }
}
