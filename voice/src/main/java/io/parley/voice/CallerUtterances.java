package io.parley.voice;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Heard;
import io.parley.core.session.Refusal;
import io.parley.voice.media.FrameCutter;
import io.parley.voice.media.RealTimeGate;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.Transcript;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What the caller says, on its way to the session: their audio, kept to real time (what runs
 * further ahead is dropped, never queued) and cut into 20 ms frames, goes through voice-activity and
 * turn detection ({@link CallerSpeech}); each utterance's final transcript becomes a user message
 * {@code voice/<callId>/<n>}, idempotent, so a post not answered in time is sent again without ever
 * being stored twice. A post waits for a cut under way ({@link AnswerCuts#afterCut}). An utterance
 * begun over the bot's answer that stopped nothing and is only a backchannel ("mm-hm", "okay") is
 * counted and dropped: the caller was listening, not asking. Not thread-safe: one call's actor.
 */
final class CallerUtterances {
  /** What hearing needs of the call's actor. */
  interface Call {
    /** Asks the session to store {@code utterance}; the answer comes back to {@link #posted}. */
    void post(Utterance utterance);

    /** The caller speaks over the bot, in a frame that reached the edge at {@code heardNanos}. */
    void bargeIn(long heardNanos);

    /** Whether the caller hears the bot speak now: speech begun then may be a backchannel. */
    boolean botSpeaking();
  }

  /**
   * An utterance for the session, begun at {@code begunNanos} (when its first voiced audio reached
   * the edge), with the {@code attempts} made to post it.
   */
  record Utterance(String clientMsgId, int number, String text, Heard heard, long begunNanos, int attempts) {
    Utterance attempted() {
      return new Utterance(clientMsgId, number, text, heard, begunNanos, attempts + 1);
    }
  }

  /**
   * An utterance begun at {@code atNanos}, over the bot's voice ({@code overTheBot}) until it barges
   * in: only such an utterance may be a backchannel, judged when its transcript comes.
   */
  private record Begun(long atNanos, boolean overTheBot) {
    Begun bargedIn() {
      return new Begun(atNanos, false);
    }
  }

  private static final int FRAME_MILLIS = 20;
  private static final int POST_ATTEMPTS = 3;

  private final String callId;
  private final int sampleRate;
  private final long maxAheadMillis;
  private final CallerSpeech caller;
  private final SpeechToText recogniser;
  private final ActorRef<VoiceOutput> output;
  private final VoiceMetrics metrics;
  private final String tenant;
  private final LongConsumer frameTimer;
  private final CallerWait wait;
  private final PremiumSpend spend;
  private final AnswerCuts cuts;
  private final Call call;
  private final Function<Level, LoggingEventBuilder> log;
  private final FrameCutter frameCutter;
  private final RealTimeGate realTime;
  private final long startNanos;
  private int utterances;
  /**
   * The utterances begun and not transcribed yet: the transcripts come one per utterance, in order,
   * so the oldest is the next transcript's, however many the caller began meanwhile.
   */
  private final ArrayDeque<Begun> begun = new ArrayDeque<>();

  /** @param startNanos when the call started: its audio is kept to real time from then */
  CallerUtterances(String callId, long startNanos, int sampleRate, long maxAheadMillis, CallerSpeech caller,
      SpeechToText recogniser, ActorRef<VoiceOutput> output, VoiceMetrics metrics, String tenant,
      LongConsumer frameTimer, CallerWait wait, PremiumSpend spend, AnswerCuts cuts, Call call,
      Function<Level, LoggingEventBuilder> log) {
    this.callId = callId;
    this.startNanos = startNanos;
    this.sampleRate = sampleRate;
    this.maxAheadMillis = maxAheadMillis;
    this.caller = caller;
    this.recogniser = recogniser;
    this.output = output;
    this.metrics = metrics;
    this.tenant = tenant;
    this.frameTimer = frameTimer;
    this.wait = wait;
    this.spend = spend;
    this.cuts = cuts;
    this.call = call;
    this.log = log;
    this.frameCutter = new FrameCutter(sampleRate * FRAME_MILLIS / 1000);
    this.realTime = new RealTimeGate(maxAheadMillis);
  }

  /** Caller audio, any length, which reached the edge at {@code receivedNanos}. */
  void audio(short[] samples, long receivedNanos) {
    long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
    RealTimeGate.Verdict verdict = realTime.offer(elapsedMillis, samples.length * 1000L / sampleRate);
    if (verdict == RealTimeGate.Verdict.FIRST_DROPPED) {
      output.tell(new VoiceOutput.Problem(ErrorCode.TOO_LARGE,
          "audio is arriving faster than real time; frames beyond " + maxAheadMillis + " ms ahead are dropped"));
    }
    if (verdict == RealTimeGate.Verdict.TAKEN) {
      frameCutter.add(samples).forEach(frame -> frame(frame, receivedNanos));
      frameTimer.accept(receivedNanos);
    }
  }

  private void frame(short[] frame, long receivedNanos) {
    TurnDetector.Signal signal = caller.frame(frame);
    if (signal == TurnDetector.Signal.SPEECH_STARTED) {
      // Speech starts once it lasted the detector's minimum: the caller began that long before this frame.
      begun.add(new Begun(receivedNanos - caller.speechMillis() * 1_000_000, call.botSpeaking()));
      wait.speechStarted(System.nanoTime());
    }
    if (signal == TurnDetector.Signal.UTTERANCE_ENDED) wait.utteranceEnded();
    if (caller.isBargeIn()) {
      if (!begun.isEmpty() && begun.peekLast().overTheBot()) begun.add(begun.removeLast().bargedIn());
      call.bargeIn(receivedNanos);
    }
  }

  /** Whether the caller is speaking: their voice heard and their utterance not ended yet. */
  boolean callerSpeaking() {
    return caller.speaking();
  }

  /** Whether the caller has the floor: they are speaking, or an utterance of theirs ended and is not transcribed yet. */
  boolean callerHasTheFloor() {
    return callerSpeaking() || !begun.isEmpty();
  }

  /** The recogniser heard the speaker pause: a quiet enough caller's utterance ends. */
  void speakerPaused() {
    if (caller.endIfQuiet() == TurnDetector.Signal.UTTERANCE_ENDED) wait.utteranceEnded();
  }

  /** {@code atNanos}: when the recogniser answered, before the call got to it. */
  void recognised(Transcript transcript, long atNanos) {
    output.tell(new VoiceOutput.Heard(transcript.text(), transcript.isFinal(), transcript.confidence()));
    if (!transcript.isFinal()) {
      caller.heard(transcript.text());
      return;
    }
    int utterance = ++utterances;
    Begun began = Optional.ofNullable(begun.poll()).orElse(new Begun(atNanos, false));
    wait.transcribed(atNanos);
    metrics.heard(tenant, recogniser.name(), caller.takeHeardMillis() / 1000.0);
    spend.transcribed(utterance, recogniser.name(), caller.takeBilledMillis());
    long spokenMillis = caller.takeSpokenMillis();
    if (transcript.text().isBlank()) {
      wait.forget();
      return;
    }
    if (began.overTheBot() && caller.isBackchannel(transcript.text())) {
      wait.forget();
      metrics.backchannel(tenant);
      log.apply(Level.DEBUG).log("backchannel over the bot: utterance {} not posted", utterance);
      return;
    }
    post(new Utterance("voice/" + callId + "/" + utterance, utterance, transcript.text(),
        new Heard(recogniser.name(), transcript.confidence(), spokenMillis), began.atNanos(), 0));
  }

  private void post(Utterance utterance) {
    cuts.afterCut(() -> call.post(utterance));
  }

  /** The session's answer to posting {@code utterance}. */
  void posted(Utterance utterance, Optional<Throwable> failure) {
    if (failure.isEmpty()) return;
    if (failure.get() instanceof Refusal refusal) {
      wait.forget();
      output.tell(new VoiceOutput.Problem(refusal.code(), refusal.getMessage()));
    } else if (utterance.attempts() < POST_ATTEMPTS) {
      // Not answered in time (a session moving between nodes): the same client id again is safe.
      post(utterance);
    } else {
      log.apply(Level.WARN).log("utterance {} could not be posted: {}", utterance.number(), failure.get().toString());
      output.tell(new VoiceOutput.Problem(ErrorCode.UNAVAILABLE, "what you said could not be stored; please say it again"));
    }
  }

  void close() {
    caller.close();
  }
}
