package io.parley.voice;

import io.parley.core.bot.ToolApproval;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.SessionId;
import io.parley.core.trace.Tracing;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.media.TurnSettings;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.VoiceEngineException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.DeadLetterSuppression;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One voice call to a session, on the node where the caller's audio arrives (the browser's socket,
 * the phone bridge), whatever node the session lives on. It is the session's ears and mouth:
 *
 * <ul>
 *   <li>the caller's audio goes through voice-activity and turn detection; each utterance's final
 *       transcript becomes a user message {@code voice/<callId>/<n>}, idempotent, so retrying a
 *       post never stores it twice ({@link CallerUtterances});
 *   <li>it follows the session like any edge; the answer of each turn is cut into sentences as the
 *       model streams it, synthesised sentence by sentence and paced out ({@link SpokenAnswers}), by
 *       the engine the tenant's tier and premium spend choose ({@link PremiumSpend});
 *   <li>when the caller speaks over an answer (longer than the barge-in minimum), the audio stops on
 *       that frame, the edge reports how far it played, and the session is told what was heard
 *       ({@code InterruptAnswer}) before the interruption itself is posted, so the next turn
 *       never starts from an answer the caller did not hear ({@link AnswerCuts});
 *   <li>a call waiting for the customer's approval is asked aloud, yes or no ({@link SpokenApprovals});
 *   <li>when the call ends with answers not spoken to the end (a hang-up, the edge going away), they
 *       are cut the same way, to what the edge last said it played, before the call says it ended.
 * </ul>
 *
 * The edge gives the audio in ({@link CallerAudio}, at the call's rate) and gets everything out as
 * {@link VoiceOutput}. Audio arriving faster than real time beyond a bound is dropped, never queued.
 * This actor holds the call's protocol, its timers and its asks; the parts named above decide.
 */
public final class VoiceCall extends AbstractBehavior<VoiceCall.Command> {
  public sealed interface Command {}

  /**
   * Caller audio, mono PCM16 at the call's rate, any length; {@code receivedNanos}, when the edge
   * had it ({@code System.nanoTime()}): a barge-in's stop time counts from there. The edge's audio
   * races the call's end, so audio that finds the call stopped is dropped without a dead-letter log.
   */
  public record CallerAudio(short[] samples, long receivedNanos) implements Command, DeadLetterSuppression {
    public CallerAudio(short[] samples) {
      this(samples, System.nanoTime());
    }
  }

  /** The caller pressed a key at {@code atNanos}: the answer playing stops, as when they speak over it. */
  public record KeyPressed(long atNanos) implements Command {}

  /** How much of the answer of {@code turnId} the edge has played; {@code stopped} once it stopped for a barge-in. */
  public record Played(String turnId, long millis, boolean stopped) implements Command {}

  /** Ends the call; the session stays open (the caller may type on, or call again). */
  public record Hangup(String reason) implements Command {}

  /**
   * Speaks {@code text} before anything else (a phone call's greeting, which the tenant's or a
   * language pack's replaces, unless {@code asGiven}: a message left on a machine); once it starts
   * playing it is the session's assistant message of turn {@code greeting} (stored once), cut like an answer.
   */
  public record Greet(String text, boolean asGiven) implements Command {}

  /**
   * Speaks {@code text} once the sentence playing now is done, instead of anything else queued (a
   * phone call being transferred, or its node shutting down); answers cut short keep only what was
   * said, as after a barge-in. The edge sees {@code SpeakingStopped} of {@code key} once it was said.
   */
  public record Interject(String key, String text) implements Command {}

  /** {@code atNanos}: when the recogniser answered, before this message waited for the call's turn. */
  private record Recognised(Transcript transcript, long atNanos) implements Command {}
  private record RecognitionFailed(VoiceEngineException failure) implements Command {}
  private record SpeakerPaused() implements Command {}
  private record Synthesized(String turnId, int sentence, AudioChunk chunk, long atNanos) implements Command {}
  private record SentenceEnded(String turnId, int sentence, Optional<VoiceEngineException> failure) implements Command {}
  private record Update(SessionUpdate update) implements Command {}
  private record FollowerSignal(SessionFollower.Signal signal) implements Command {}
  private record Tick() implements Command {}
  private record CutDue(String turnId) implements Command {}
  private record Posted(CallerUtterances.Utterance utterance, Optional<Throwable> failure) implements Command {}
  private record InterruptDone(String turnId, Optional<Throwable> failure) implements Command {}
  private record SpendHeard(Optional<TenantTokenBudget.Standing> standing) implements Command {}
  private record ApprovalTold(String approvalId, Optional<Throwable> failure) implements Command {}

  /**
   * @param callId names the call in logs and in its messages' client ids
   * @param afterSeq the last message the edge has seen: the call speaks only what comes after
   * @param sampleRate the rate of the audio in and out
   */
  public record Setup(String callId, SessionId id, String channel, RecipientRef<SessionCommand> session,
      long afterSeq, CallEngines engines, CallSettings settings, int sampleRate,
      ActorRef<VoiceOutput> output, VoiceMetrics metrics, PremiumVoiceBudget budget, Tracing tracing) {}

  public static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new VoiceCall(ctx, timers, setup)));
  }

  private static final int FRAME_MILLIS = 20;
  private static final Object TICK = "tick";
  /** The turn id of the greeting: spoken like an answer and stored as one, but no turn of the session runs for it. */
  private static final String GREETING = SessionCommand.PostGreeting.GREETING;

  private final TimerScheduler<Command> timers;
  private final Setup setup;
  private final ActorRef<VoiceOutput> output;
  private final CallerWait wait;
  private final VoiceTurnSpans spans;
  private final PremiumSpend spend;
  private final AnswerCuts cuts;
  private final SpokenAnswers speaking;
  private final CallerUtterances hearing;
  private final CallGreeting greeting = new CallGreeting();
  private final SpokenApprovals approvals;
  private final RecordingConsent recording;
  private final SpokenQuestions questions;
  // The session's last seq when the call (re)joined it: messages up to it are its replay, never spoken.
  private long replayedUpTo;
  private final SessionFollower<Command> follower;
  private final CallLanguage language;
  private final CallTurns turnTaking;

  private VoiceCall(ActorContext<Command> ctx, TimerScheduler<Command> timers, Setup setup) {
    super(ctx);
    long startNanos = System.nanoTime();
    this.timers = timers;
    this.setup = setup;
    this.output = setup.output();
    CallEngines engines = setup.engines();
    String tenant = setup.id().tenant();
    this.spans = new VoiceTurnSpans(setup.tracing(), setup.id(), setup.callId(), setup.channel());
    this.wait = new CallerWait(setup.metrics(), spans, tenant);
    this.spend = new PremiumSpend(new SpeakingTier(engines, setup.settings().speechSpeed(), tenant, setup.metrics()),
        setup.budget(), setup.callId(), tenant, setup.id().wireId(), setup.metrics(), this::askSpend, this::log);
    this.cuts = new AnswerCuts(setup.session(), ctx.getSystem(), output, setup.metrics(), tenant, new AnswerCuts.Call() {
      @Override
      public void interrupt(String turnId, String heard) {
        askToInterrupt(turnId, heard);
      }

      @Override
      public void awaitPlayed(String turnId) {
        timers.startSingleTimer(new CutDue(turnId), setup.settings().cutWait());
      }

      @Override
      public void stopAwaitingPlayed(String turnId) {
        timers.cancel(new CutDue(turnId));
      }
    }, this::log);
    ActorRef<Command> self = ctx.getSelf();
    this.speaking = new SpokenAnswers(setup.sampleRate(), setup.settings().playbackLead().toMillis(), output, spend,
        cuts, wait, setup.settings().transcriptWait(), new SpokenAnswers.Call() {
          @Override
          public void tickEveryFrame() {
            if (!timers.isTimerActive(TICK)) timers.startTimerAtFixedRate(TICK, new Tick(), Duration.ofMillis(FRAME_MILLIS));
          }

          @Override
          public void stopTicking() {
            timers.cancel(TICK);
          }

          @Override
          public SpeechListener listener(String turnId, int sentence) {
            spans.synthesisAsked(turnId, sentence);
            return synthesisOf(self, turnId, sentence);
          }

          @Override
          public void started(String turnId, long atNanos) {
            if (turnId.equals(GREETING)) setup.session().tell(new SessionCommand.PostGreeting(greeting.text(), ctx.getSystem().ignoreRef()));
            questions.started(turnId, atNanos);
          }

          @Override
          public void ended(String turnId, boolean completed) {
            spans.answerEnded(turnId, completed ? "completed" : "interrupted");
            // Whole or cut, the notice ends a voice that cannot hear the caller.
            if (language.endsVoice(turnId)) self.tell(new Hangup("language_unsupported"));
          }

          @Override
          public boolean callerSpeaking() {
            return hearing.callerSpeaking();
          }

          @Override
          public boolean callerHasTheFloor() {
            return hearing.callerHasTheFloor();
          }
        }, this::log);
    this.approvals = SpokenApprovals.of(speaking, this::tellDecision);
    int recognitionRate = engines.speechToText().sampleRateFor(setup.sampleRate());
    var recognition = engines.speechToText().open(new RecognitionEvents(
        transcript -> self.tell(new Recognised(transcript, System.nanoTime())),
        failure -> self.tell(new RecognitionFailed(failure)), () -> self.tell(new SpeakerPaused())), recognitionRate);
    TurnSettings turns = setup.settings().turns();
    int preRollFrames = (int) ((turns.minSpeech().toMillis() + 300) / FRAME_MILLIS);
    CallerSpeech caller;
    TurnDetector detector = new TurnDetector(turns);
    this.turnTaking = new CallTurns(detector, turns);
    this.language = new CallLanguage(detector, recognition, engines, spend.tier(), greeting, setup.channel(),
        speaking::sayWhole);
    this.recording = RecordingConsent.of(setup.channel(), speaking, language, output, setup.session(), ctx);
    this.questions = new SpokenQuestions(approvals, recording);
    try {
      caller = new CallerSpeech(setup.sampleRate(), engines.voiceActivity(), recognition, recognitionRate,
          detector, preRollFrames);
      this.follower = SessionFollower.follow(new SessionFollower.Edge<>(ctx, timers,
              ctx.messageAdapter(SessionUpdate.class, Update::new), FollowerSignal::new),
          setup.id(), setup.session(), setup.afterSeq(), Optional.empty(), setup.settings().askTimeout());
    } catch (RuntimeException e) {
      // A call that fails to start has no PostStop: the recogniser's stream (a connection) is closed here.
      recognition.close();
      throw e;
    }
    timers.startSingleTimer(new Hangup("max_call_duration"), setup.settings().maxCall());
    setup.metrics().callStarted(setup.channel());
    this.hearing = new CallerUtterances(setup.callId(), startNanos, setup.sampleRate(),
        setup.settings().maxAhead().toMillis(), caller, engines.speechToText(), output, setup.metrics(), tenant,
        setup.metrics().frameTimer(setup.channel()), wait, spend, cuts, new CallerUtterances.Call() {
          @Override
          public void post(CallerUtterances.Utterance utterance) {
            // An answer to an approval or to the recording's question asked aloud decides it; it is no message.
            if (questions.heard(utterance.begunNanos(), utterance.text())) wait.forget();
            else postToSession(utterance);
          }

          @Override
          public void bargeIn(long heardNanos) {
            // A caller answering an approval speaks over its question, never over the turn waiting for it.
            if (!questions.asking() || botSpeaking()) speaking.bargeIn(heardNanos);
          }

          @Override
          public boolean botSpeaking() {
            return speaking.playing().filter(SpokenAnswer::started).isPresent();
          }
        }, this::log);
    log(Level.INFO).log("voice call started at {} Hz", setup.sampleRate());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CallerAudio.class, audio -> same(() -> hearing.audio(audio.samples(), audio.receivedNanos())))
        .onMessage(Played.class, played -> same(() -> cuts.reported(played.turnId(), played.millis(), played.stopped())))
        .onMessage(KeyPressed.class, pressed -> same(() -> speaking.bargeIn(pressed.atNanos())))
        .onMessage(Hangup.class, hangup -> hangUp(hangup.reason()))
        .onMessage(Greet.class, greet -> same(() -> language.greetWith(greet.text(), greet.asGiven())))
        .onMessage(Interject.class, interject -> same(() -> speaking.interject(interject.key(), interject.text())))
        .onMessage(Recognised.class, recognised -> same(() -> {
          if (recognised.transcript().isFinal()) spans.transcribed(setup.engines().speechToText().name(), recognised.atNanos());
          hearing.recognised(recognised.transcript(), recognised.atNanos());
        }))
        .onMessage(RecognitionFailed.class, this::onRecognitionFailed)
        .onMessage(SpeakerPaused.class, paused -> same(hearing::speakerPaused))
        .onMessage(Synthesized.class, synthesized -> same(() -> speaking.synthesized(synthesized.turnId(),
            synthesized.sentence(), synthesized.chunk(), synthesized.atNanos())))
        .onMessage(SentenceEnded.class, ended -> same(() -> {
          spans.synthesisEnded(ended.turnId(), ended.sentence(), ended.failure().isPresent());
          speaking.sentenceEnded(ended.turnId(), ended.sentence(), ended.failure());
        }))
        .onMessage(Update.class, update -> follower.onUpdate(update.update()).map(this::onUpdate).orElse(this))
        .onMessage(FollowerSignal.class, signal -> follower.onSignal(signal.signal()).map(this::onUpdate).orElse(this))
        .onMessage(Tick.class, tick -> same(speaking::tick))
        .onMessage(CutDue.class, due -> same(() -> cuts.cutDue(due.turnId())))
        .onMessage(Posted.class, posted -> same(() -> hearing.posted(posted.utterance(), posted.failure())))
        .onMessage(InterruptDone.class, done -> same(() -> cuts.interruptDone(done.turnId(), done.failure())))
        .onMessage(SpendHeard.class, heard -> same(() -> {
          spend.heard(heard.standing());
          speaking.synthesizeNext();
        }))
        .onMessage(ApprovalTold.class, told -> same(() -> told.failure().ifPresent(failure -> log(Level.WARN)
            .log("the session did not take the caller's answer to approval {}: {}", told.approvalId(), failure.toString()))))
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  /** A message handled by {@code handling}, after which the call goes on as it is. */
  private Behavior<Command> same(Runnable handling) {
    handling.run();
    return this;
  }

  private Behavior<Command> onRecognitionFailed(RecognitionFailed failed) {
    log(Level.ERROR).log("speech recognition failed: {}", failed.failure().getMessage());
    output.tell(new VoiceOutput.Problem(ErrorCode.UNAVAILABLE, "speech recognition stopped; please type instead"));
    return hangUp("recognition_failed");
  }

  private void postToSession(CallerUtterances.Utterance utterance) {
    getContext().askWithStatus(SessionCommand.Accepted.class, setup.session(), setup.settings().askTimeout(),
        replyTo -> new SessionCommand.PostUserMessage(utterance.clientMsgId(), utterance.text(),
            Optional.of(utterance.heard()), spans.traceparent(), replyTo),
        (accepted, failure) -> new Posted(utterance.attempted(), Optional.ofNullable(failure)));
  }

  private void askToInterrupt(String turnId, String heard) {
    getContext().askWithStatus(SessionCommand.Interrupted.class, setup.session(), setup.settings().askTimeout(),
        replyTo -> new SessionCommand.InterruptAnswer(turnId, heard, replyTo),
        (interrupted, failure) -> new InterruptDone(turnId, Optional.ofNullable(failure)));
  }

  private void tellDecision(String approvalId, boolean approved, Optional<String> reason) {
    getContext().askWithStatus(Done.class, setup.session(), setup.settings().askTimeout(),
        replyTo -> new SessionCommand.DecideApproval(approvalId, approved, reason, ToolApproval.CUSTOMER, Optional.empty(),
            replyTo),
        (done, failure) -> new ApprovalTold(approvalId, Optional.ofNullable(failure)));
  }

  private void askSpend(Function<ActorRef<TenantTokenBudget.Standing>, TenantTokenBudget.Command> ask) {
    setup.budget().spend().ifPresent(entity -> getContext().ask(TenantTokenBudget.Standing.class,
        entity.apply(setup.id().tenant()), setup.settings().askTimeout(), ask::apply,
        (standing, failure) -> new SpendHeard(Optional.ofNullable(standing))));
  }

  /** The engine's audio of sentence {@code sentence} of {@code turnId}, brought back to the call as it is made. */
  private static SpeechListener synthesisOf(ActorRef<Command> self, String turnId, int sentence) {
    return SpeechListener.of(chunk -> self.tell(new Synthesized(turnId, sentence, chunk, System.nanoTime())),
        ended -> self.tell(new SentenceEnded(turnId, sentence, ended)));
  }

  private Behavior<Command> onUpdate(SessionUpdate update) {
    if (update instanceof SessionUpdate.Typing typing) {
      wait.turnStarted(typing.turnId());
      spend.turnStarted(typing.leadScore());
      speaking.turnStarted(typing.turnId());
    } else if (update instanceof SessionUpdate.Joined joined) {
      replayedUpTo = joined.info().lastSeq();
      spend.joined(joined.info());
      turnTaking.joined(joined.info());
      language.joined(joined.info());
      recording.joined(joined.info());
      speaking.joined(joined.turnInProgress());
    } else if (update instanceof SessionUpdate.Delta delta) {
      speaking.delta(delta.turnId(), delta.text(), delta.waitedNanos());
    } else if (SessionUpdate.added(update).orElse(null) instanceof ChatMessage message) {
      // A join's replay, and its rest one message at a time from one that carries more: nothing new to say.
      if (message.seq() <= replayedUpTo) return this;
      speaking.stored(message);
      // A caller has no buttons: the replies offered are read as a list after the message (the articles cited are for readers).
      List<ReplyOption> offered = SessionUpdate.offered(update);
      if (!offered.isEmpty()) speaking.say(SpokenOptions.key(message.seq()), SpokenOptions.of(offered, language.words()));
    } else if (update instanceof SessionUpdate.LanguageChanged changed) {
      language.changed(changed.language());
    } else if (update instanceof SessionUpdate.ApprovalChanged approval) {
      approvals.changed(approval);
    } else if (update instanceof SessionUpdate.TransferCall transfer) {
      output.tell(new VoiceOutput.Transfer(transfer.target()));
    } else if (update instanceof SessionUpdate.WarmTransferCall warm) {
      output.tell(new VoiceOutput.WarmTransfer(warm.target(), warm.brief(), warm.staffLanguage()));
    } else if (update instanceof SessionUpdate.PressKeys keys) {
      output.tell(new VoiceOutput.PressKeys(keys.keys()));
    } else if (update instanceof SessionUpdate.Ended ended) {
      output.tell(new VoiceOutput.Ended(ended.reason()));
      return Behaviors.stopped();
    } else if (update instanceof SessionUpdate.Refused refused) {
      output.tell(new VoiceOutput.Problem(refused.code(), refused.message()));
      output.tell(new VoiceOutput.Ended("session_lost"));
      return Behaviors.stopped();
    }
    return this;
  }

  /**
   * The call ends before the session does: the answers not yet spoken to the end are kept only as
   * far as they were heard, then the edge hears the call ended (at the latest after the ask timeout).
   */
  private Behavior<Command> hangUp(String reason) {
    speaking.hangUp();
    int waiting = cuts.interrupting() ? 1 : 0;
    for (Map.Entry<String, String> cut : cuts.unheard(speaking.takeUnfinished()).entrySet()) {
      waiting++;
      askToInterrupt(cut.getKey(), cut.getValue());
    }
    return ending(waiting, reason);
  }

  /** Waits for the session to have cut {@code waiting} answers, then ends. */
  private Behavior<Command> ending(int waiting, String reason) {
    if (waiting == 0) {
      output.tell(new VoiceOutput.Ended(reason));
      return Behaviors.stopped();
    }
    return Behaviors.receive(Command.class)
        .onMessage(InterruptDone.class, done -> {
          done.failure().ifPresent(failure -> log(Level.WARN).log("the session did not keep only what was heard of {}: {}",
              done.turnId(), failure.toString()));
          return ending(waiting - 1, reason);
        })
        .onAnyMessage(other -> Behaviors.same())
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  private Behavior<Command> onStopped() {
    // Stopped without a hang-up (the edge went away): the same cut, without waiting for it.
    cuts.unheard(speaking.takeUnfinished()).forEach((turnId, heard) -> setup.session().tell(
        new SessionCommand.InterruptAnswer(turnId, heard, getContext().getSystem().ignoreRef())));
    follower.stop();
    speaking.cancelSynthesis();
    spans.callEnded();
    hearing.close();
    setup.metrics().callEnded(setup.channel());
    log(Level.INFO).log("voice call ended");
    return this;
  }

  private LoggingEventBuilder log(Level level) {
    return getContext().getLog().atLevel(level).addKeyValue("tenant", setup.id().tenant())
        .addKeyValue("sessionId", setup.id().wireId()).addKeyValue("callId", setup.callId());
  }
}
