package io.parley.voice;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.voice.SpokenAnswer.Opening;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.VoiceEngineException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What a call speaks, in order: the session's answers as the model streams them, and what is read
 * out whole (the greeting, an agent's message, a notice, an interjection). The answer playing has
 * its sentences synthesised one at a time, by the engine its {@link PremiumSpend tier} chooses, and
 * its audio paced out on a 20 ms tick ({@link SpokenAnswer}); the next starts when it is done. Not
 * thread-safe: one call's actor.
 */
final class SpokenAnswers {
  /** What speaking needs of the call's actor. */
  interface Call {
    /** A {@link #tick} every 20 ms from now on, unless there already is one. */
    void tickEveryFrame();

    void stopTicking();

    /** Brings the audio of sentence {@code sentence} of {@code turnId} back to the call, as the engine makes it. */
    SpeechListener listener(String turnId, int sentence);

    /** The first audio of {@code turnId} went out at {@code atNanos}. */
    void started(String turnId, long atNanos);

    /** {@code turnId} was spoken to its end ({@code completed}), or cut by the caller's voice or keypad. */
    default void ended(String turnId, boolean completed) {}

    /** Whether the caller is speaking: their voice heard and their utterance not ended yet. */
    boolean callerSpeaking();

    /**
     * Whether the caller has the floor: they are speaking, or what they said is not transcribed yet
     * (the call does not know yet whether it answers what it would say).
     */
    boolean callerHasTheFloor();
  }

  /**
   * A caller who speaks before what is to be heard whole begins is waited for at most this long;
   * their words, by what waits for them to be transcribed, as long as a transcript may take.
   */
  static final long MAX_WAIT_MILLIS = 10_000;

  private final int sampleRate;
  private final long playbackLeadMillis;
  private final ActorRef<VoiceOutput> output;
  private final PremiumSpend spend;
  private final AnswerCuts cuts;
  private final CallerWait wait;
  private final Call call;
  private final Function<Level, LoggingEventBuilder> log;
  /** What waits for the caller's words waits as long as they may take to be transcribed. */
  private final long theirWordsWaitNanos;
  private final LinkedHashMap<String, SpokenAnswer> answers = new LinkedHashMap<>();
  private Optional<Synthesis> synthesis = Optional.empty();

  /** @param transcriptWait the longest the caller's ended words may take to be transcribed ({@link CallSettings}) */
  SpokenAnswers(int sampleRate, long playbackLeadMillis, ActorRef<VoiceOutput> output, PremiumSpend spend,
      AnswerCuts cuts, CallerWait wait, Duration transcriptWait, Call call, Function<Level, LoggingEventBuilder> log) {
    this.sampleRate = sampleRate;
    this.theirWordsWaitNanos = Math.max(MAX_WAIT_MILLIS * 1_000_000, transcriptWait.toNanos());
    this.playbackLeadMillis = playbackLeadMillis;
    this.output = output;
    this.spend = spend;
    this.cuts = cuts;
    this.wait = wait;
    this.call = call;
    this.log = log;
  }

  /** A turn of the session started: its answer is spoken as it streams. */
  void turnStarted(String turnId) {
    answers.computeIfAbsent(turnId, key -> newAnswer(key, Opening.NEXT));
    tickWhileSpeaking();
  }

  /** The call (re)joined its session, with the turn it is answering, if any. */
  void joined(Optional<String> turnInProgress) {
    turnInProgress.ifPresent(turnId -> answers.computeIfAbsent(turnId, key -> newAnswer(key, Opening.NEXT)));
    tickWhileSpeaking();
  }

  /** A streamed piece of the answer of {@code turnId}; {@code waitedNanos} the turn waited on others for it. */
  void delta(String turnId, String text, long waitedNanos) {
    SpokenAnswer answer = answers.get(turnId);
    if (answer == null) return;
    wait.answerPiece(turnId, System.nanoTime(), waitedNanos);
    answer.onDelta(text);
    synthesizeNext();
  }

  /** The whole answer of {@code turnId}, as the session stored it. */
  void answered(String turnId, String text) {
    SpokenAnswer answer = answers.get(turnId);
    if (answer == null) return;
    answer.onAnswer(text);
    synthesizeNext();
  }

  /**
   * A message the session stored: a caller has no screen, so a person's words and the session's
   * notices are read out whole, and an assistant's answer completes the one of its turn.
   */
  void stored(ChatMessage message) {
    if (message.role() == Role.AGENT || message.role() == Role.SYSTEM) {
      say(message.turnId(), message.text());
    } else if (message.role() == Role.ASSISTANT && !message.interrupted()) {
      answered(message.turnId(), message.text());
    }
  }

  /** Speaks {@code text} whole, after what is playing: an agent's message, a notice. */
  void say(String key, String text) {
    speak(key, text, Opening.NEXT);
  }

  /**
   * Speaks {@code text} whole, after what is playing, to be heard from its start: a caller
   * speaking when it would begin is waited for (at most {@link #MAX_WAIT_MILLIS}), and does not cut
   * it before it began. For what a caller must hear: the greeting (which may say they speak with an
   * assistant), that the call is recorded, that their language is not spoken. Once it plays,
   * speaking over it cuts it as any answer.
   */
  void sayWhole(String key, String text) {
    speak(key, text, Opening.WHOLE);
  }

  /**
   * {@link #sayWhole Speaks} {@code text} whole, once what the caller said is transcribed too: a
   * question asked again, which the words they began before it may answer already.
   */
  void sayWholeAfterTheirWords(String key, String text) {
    speak(key, text, Opening.WHOLE_AFTER_THEIR_WORDS);
  }

  /**
   * What is queued under {@code key} is no longer to be said, unless it has begun: a question
   * answered before it was asked again. The synthesis under way is cancelled if it was its. A key
   * withdrawn is never queued again: late audio of its cancelled synthesis would land in the new
   * answer.
   */
  void withdraw(String key) {
    SpokenAnswer answer = answers.get(key);
    if (answer == null || answer.started()) return;
    if (playing().orElseThrow() == answer) cancelSynthesis();
    answers.remove(key);
    synthesizeNext();
  }

  /**
   * {@linkplain #sayWhole Speaks} {@code text} whole, to be heard from its start, ahead of the answers
   * that have not begun: a question a turn waits on (an approval), which behind that turn's answer
   * would never be reached. An answer already playing, or whose first sentence is being
   * synthesised, finishes first, and what is queued to be heard whole right behind it stays ahead
   * of the question.
   */
  void ask(String key, String text) {
    ask(key, text, Opening.WHOLE);
  }

  /**
   * {@link #ask Asks} {@code text} once what the caller said is transcribed: a question asked again,
   * which the words they began before it may answer already.
   */
  void askAfterTheirWords(String key, String text) {
    ask(key, text, Opening.WHOLE_AFTER_THEIR_WORDS);
  }

  private void ask(String key, String text, Opening opening) {
    List<SpokenAnswer> queued = new ArrayList<>(answers.values());
    answers.clear();
    while (!queued.isEmpty() && (queued.get(0).heardWhole()
        || answers.isEmpty() && (queued.get(0).started() || synthesis.isPresent()))) {
      answers.put(queued.get(0).turnId(), queued.remove(0));
    }
    SpokenAnswer question = newAnswer(key, opening);
    question.onAnswer(text);
    answers.put(key, question);
    queued.forEach(answer -> answers.putIfAbsent(answer.turnId(), answer));
    tickWhileSpeaking();
    synthesizeNext();
  }

  /**
   * Speaks {@code text} once the sentence playing now is done, instead of anything else queued; the
   * bot's answers that do not get to the end keep only what was said.
   */
  void interject(String key, String text) {
    List<SpokenAnswer> queued = new ArrayList<>(answers.values());
    answers.clear();
    for (int i = 0; i < queued.size(); i++) {
      SpokenAnswer answer = queued.get(i);
      if (i == 0 && answer.started()) {
        if (answer.endAfterCurrentSentence(System.nanoTime())) cancelSynthesis();
        answers.put(answer.turnId(), answer);
      } else {
        // The synthesis under way was this answer's.
        if (i == 0) cancelSynthesis();
        if (AnswerCuts.isBotTurn(answer.turnId())) cuts.finish(answer, 0);
      }
    }
    say(key, text);
  }

  /** The answer playing now, if any. */
  Optional<SpokenAnswer> playing() {
    return answers.values().stream().findFirst();
  }

  /**
   * The caller spoke over the answer playing (or pressed a key): it stops here, is cut to what they
   * heard, and the call is told it {@linkplain Call#ended ended}. What is {@linkplain #sayWhole to
   * be heard whole} and has not begun is not cut: it waits for the caller's pause instead, before
   * the answer to their words.
   */
  void bargeIn(long heardNanos) {
    if (cuts.cutting()) return;
    playing().filter(answer -> answer.started() || !answer.heardWhole()).ifPresent(answer -> {
      cancelSynthesis();
      answers.remove(answer.turnId());
      cuts.bargeIn(answer, heardNanos);
      call.ended(answer.turnId(), false);
    });
  }

  /** The answer playing now gets its next sentence synthesised, one sentence at a time. */
  void synthesizeNext() {
    if (synthesis.isPresent() || !spend.ready()) return;
    Optional<SpokenAnswer> head = playing();
    if (head.isEmpty()) return;
    SpokenAnswer answer = head.get();
    answer.nextSentence().ifPresent(sentence -> {
      String turnId = answer.turnId();
      SpeakingTier.Choice choice = spend.choose(turnId, sentence);
      wait.synthesisAsked(turnId, System.nanoTime());
      synthesis = Optional.of(choice.engine().speak(choice.request(), call.listener(turnId, sentence.number())));
    });
  }

  void synthesized(String turnId, int sentence, AudioChunk chunk, long atNanos) {
    SpokenAnswer answer = answers.get(turnId);
    if (answer == null || !answer.isCurrent(sentence)) return;
    wait.synthesised(turnId, atNanos);
    answer.onAudio(chunk);
    // Audio the caller waits for (an answer's first, or the next sentence's after a gap) goes out
    // now rather than at the next tick, up to 20 ms later; the pacing is the answer's clock either way.
    if (answers.values().iterator().next() == answer) tick();
  }

  void sentenceEnded(String turnId, int sentence, Optional<VoiceEngineException> failure) {
    SpokenAnswer answer = answers.get(turnId);
    if (answer == null || !answer.isCurrent(sentence)) return;
    failure.ifPresent(cause ->
        log.apply(Level.WARN).log("a sentence of {} could not be spoken: {}", turnId, cause.getMessage()));
    answer.onSentenceDone();
    synthesis = Optional.empty();
    synthesizeNext();
  }

  /**
   * Every 20 ms, and when audio arrives for the answer playing: its frames now due, and the next
   * answer once it is done.
   */
  void tick() {
    tick(System.nanoTime());
  }

  /** {@link #tick()} at {@code now}, a {@link System#nanoTime}. */
  void tick(long now) {
    Optional<SpokenAnswer> head = playing();
    if (head.isEmpty()) {
      call.stopTicking();
      return;
    }
    SpokenAnswer answer = head.get();
    boolean wasStarted = answer.started();
    if (waitsForTheCaller(answer, now)) return;
    var frames = answer.framesDue(now);
    if (!wasStarted && !frames.isEmpty()) {
      output.tell(new VoiceOutput.SpeakingStarted(answer.turnId()));
      call.started(answer.turnId(), now);
      wait.firstAudio(answer.turnId(), now);
    }
    frames.forEach(frame -> output.tell(new VoiceOutput.Audio(frame)));
    if (answer.finished(now)) {
      answers.remove(answer.turnId());
      if (answer.started()) {
        output.tell(new VoiceOutput.SpeakingStopped(answer.turnId(), VoiceOutput.SpeakingStopped.DONE));
        call.ended(answer.turnId(), true);
      }
      cuts.recordPlayed(answer, answer.sentMillis());
      if (answer.endedEarly() && AnswerCuts.isBotTurn(answer.turnId())) cuts.finish(answer, answer.sentMillis());
      synthesizeNext();
    }
  }

  /** The call hangs up: the answer playing stops, and nothing more is made or sent. */
  void hangUp() {
    playing().filter(SpokenAnswer::started).ifPresent(answer ->
        output.tell(new VoiceOutput.SpeakingStopped(answer.turnId(), VoiceOutput.SpeakingStopped.HUNG_UP)));
    call.stopTicking();
    cancelSynthesis();
  }

  /** The answers not spoken to the end, in order; none is spoken any more. */
  List<SpokenAnswer> takeUnfinished() {
    List<SpokenAnswer> unfinished = List.copyOf(answers.values());
    answers.clear();
    return unfinished;
  }

  void cancelSynthesis() {
    synthesis.ifPresent(Synthesis::cancel);
    synthesis = Optional.empty();
  }

  private void tickWhileSpeaking() {
    if (!answers.isEmpty()) call.tickEveryFrame();
  }

  /**
   * Whether {@code answer} waits for the caller at {@code now}: begun over a caller speaking, what is
   * to be heard whole would be cut at their next frame, unheard; begun before their words are
   * transcribed, a question might ask again what those words answer. A premium transcript may take
   * longer than a caller's words, so a question waits for it as long as it may take.
   */
  private boolean waitsForTheCaller(SpokenAnswer answer, long now) {
    if (answer.started() || !answer.heardWhole()) return false;
    if (answer.waitsForTheirWords()) {
      return call.callerHasTheFloor() && answer.waitsForCaller(now, theirWordsWaitNanos);
    }
    return call.callerSpeaking() && answer.waitsForCaller(now, MAX_WAIT_MILLIS * 1_000_000);
  }

  private void speak(String key, String text, Opening opening) {
    answers.computeIfAbsent(key, turnId -> newAnswer(turnId, opening)).onAnswer(text);
    tickWhileSpeaking();
    synthesizeNext();
  }

  private SpokenAnswer newAnswer(String turnId, Opening opening) {
    return new SpokenAnswer(turnId, opening, sampleRate, playbackLeadMillis);
  }
}
