package io.parley.voice.phone;

import io.parley.core.call.CallEnd;
import io.parley.core.session.Channel;
import io.parley.core.time.ReadableDuration;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionEvent.RecordingConsentNoted;
import io.parley.voice.VoiceCall;
import io.parley.voice.VoiceOutput;
import io.parley.voice.recording.CallRecording;
import io.parley.voice.phone.machine.AnsweringMachineDetector;
import io.parley.voice.phone.machine.AnsweringMachineDetector.Result;
import io.parley.voice.phone.machine.Screening;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One phone call, answered: a session of channel {@code phone} for the caller (remembered across
 * calls by a hashed, tenant-scoped form of their number, never the number itself), a
 * {@link VoiceCall} that hears the RTP audio and speaks into it, and the greeting. The call ends
 * when the caller hangs up (the session is closed and archived), when the caller's audio stops
 * for {@code mediaTimeout} (a vanished caller) or misses its session refresh (RFC 4028: the node
 * sends BYE shortly before the session interval runs out), when the session ends (the bot hangs
 * up), or when its voice fails (hung up, the session closed as {@link CallEnd#FAILED}). When the
 * node is the refresher, it refreshes at half the interval. The caller's keys go to the session
 * through {@link CallKeypad}. A call the node placed may be screened first ({@link Screening}): a
 * person, or a callee the detector is unsure of, gets the greeting and the bot; an answering machine
 * gets the call's message after its beep (or nothing), and the BYE.
 */
final class PhoneCall {
  public sealed interface Command {}

  /** The caller hung up (BYE); the session closes. */
  public record CallerHungUp() implements Command {}

  /** The caller gave up before the answer (CANCEL); the session, once started, closes as {@link CallEnd#CANCELLED}. */
  public record Cancelled() implements Command {}

  /** The dialog's session timer was negotiated again (a refresh, a re-INVITE or UPDATE): it counts from now. */
  public record SessionRefreshed(SessionTimer timer) implements Command {}

  private record SessionExpired() implements Command {}

  private record RefreshDue() implements Command {}

  private record Started(Optional<Throwable> failure) implements Command {}

  private record Out(VoiceOutput output) implements Command {}

  /** The caller pressed a key, in the RTP or by a SIP INFO. */
  record Pressed(Keypress keypress) implements Command {}

  /** The session's answer to a key ({@link CallKeypad}). */
  record KeyAnswered(Optional<SessionCommand.KeyTaken> taken, String method) implements Command {}

  /** The caller paused as long as the entry of keys waits. */
  record KeypadPaused(String method) implements Command {}

  private record EnginesReady(Optional<Throwable> failure) implements Command {}

  private record MediaCheck() implements Command {}

  private record Closed() implements Command {}

  private record HandedOver(String reason) implements Command {}

  /** The callee's audio told the screen something: its verdict, then a machine's cue for the message. */
  private record Screened(AnsweringMachineDetector.Heard heard) implements Command {}

  private record MessageLeft() implements Command {}

  private record BudgetHeard(boolean spent) implements Command {}

  /** The phone's audio is played as it arrives: little lead, or a barge-in would leave it talking. */
  private static final Duration PLAYBACK_LEAD = Duration.ofMillis(40);
  /** What a phone's own jitter buffer holds: sent, not yet heard. */
  private static final long PHONE_BUFFER_MILLIS = 40;
  /** From a machine's message sent to the BYE: the channel's queue and the far end's buffer play out. */
  private static final Duration MESSAGE_TAIL = Duration.ofMillis(500);

  private static final String SESSION_TIMER = "session-timer";

  static Behavior<Command> create(CallSetup setup) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new PhoneCall(ctx, timers, setup).starting()));
  }

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final CallSetup setup;
  private ActorRef<VoiceCall.Command> call;
  private ActorRef<CallHandover.Command> handover;
  private final CallKeypad<Command> keypad;
  // The answer going out now, and how much of it went: how far the caller can have heard it.
  private Optional<String> speaking = Optional.empty();
  private long sentMillis;
  private SessionTimer timer = new SessionTimer.None();
  private boolean hungUp;
  /** The call's recording, once the caller was told of it or agreed to it. */
  private Optional<CallRecording> recording = Optional.empty();
  /** How the call ends if it stops now: it failed, unless something below says otherwise. */
  private CallEnd end = CallEnd.FAILED;

  private PhoneCall(ActorContext<Command> ctx, TimerScheduler<Command> timers, CallSetup setup) {
    this.ctx = ctx;
    this.timers = timers;
    this.setup = setup;
    this.keypad = new CallKeypad<>(ctx, timers, setup.session(), setup.askTimeout(), setup.sipCallId(),
        new CallKeypad.Messages<>() {
          @Override
          public Command paused(String method) {
            return new KeypadPaused(method);
          }

          @Override
          public Command answered(Optional<SessionCommand.KeyTaken> taken, String method) {
            return new KeyAnswered(taken, method);
          }
        });
  }

  /** The session is started and the engines loaded, in either order; then the call is answered. */
  private Behavior<Command> starting() {
    ctx.askWithStatus(SessionInfo.class, setup.session(), setup.askTimeout(),
        replyTo -> new SessionCommand.Start(Optional.of(setup.callerUserId()), Channel.PHONE, setup.draft(), true,
            setup.version(), Optional.empty(), setup.placedCall(), replyTo),
        (info, failure) -> new Started(Optional.ofNullable(failure)));
    ctx.pipeToSelf(setup.voice().ready(), (ready, failure) -> new EnginesReady(Optional.ofNullable(failure)));
    return waiting(false, false);
  }

  private Behavior<Command> waiting(boolean started, boolean enginesReady) {
    if (started && enginesReady) {
      if (!setup.answer().getAsBoolean()) return closeSession(CallEnd.CANCELLED);
      return checkingBudget();
    }
    return Behaviors.receive(Command.class)
        .onMessage(Started.class, s -> {
          if (s.failure().isEmpty()) {
            // Before the greeting and the first turn, which read it; sent from here, it reaches the session in order.
            if (!setup.context().fields().isEmpty()) {
              setup.session().tell(new SessionCommand.SetPageContext(setup.context(), ctx.getSystem().ignoreRef()));
            }
            return waiting(true, enginesReady);
          }
          ctx.getLog().warn("phone call {} could not start its session: {}", setup.sipCallId(), s.failure().get().toString());
          setup.hangUp().run();
          return Behaviors.stopped();
        })
        .onMessage(EnginesReady.class, ready -> {
          if (ready.failure().isEmpty()) return waiting(started, true);
          setup.hangUp().run();
          return started ? closeSession(CallEnd.FAILED) : Behaviors.stopped();
        })
        .onMessage(CallerHungUp.class, hangUp -> {
          end = CallEnd.CALLER_HUNG_UP;
          return started ? closeSession(end) : Behaviors.stopped();
        })
        .onMessage(Cancelled.class, cancelled -> started ? closeSession(CallEnd.CANCELLED) : cancelledBeforeStart())
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  /** Cancelled while the session was starting: it still starts, so it is closed once it has. */
  private Behavior<Command> cancelledBeforeStart() {
    end = CallEnd.CANCELLED;
    return Behaviors.receive(Command.class)
        .onMessage(Started.class, s -> s.failure().isEmpty() ? closeSession(CallEnd.CANCELLED) : Behaviors.stopped())
        .onAnyMessage(other -> Behaviors.same())
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  /**
   * The callee's audio goes to the answering-machine detector on the channel's clock (a few
   * Goertzel filters a frame) while the node sends silence; a machine's message is spoken as the
   * voice call's greeting, which hears nothing (a machine's silence is no turn).
   */
  private Behavior<Command> screening(Screening screening) {
    AnsweringMachineDetector detector = new AnsweringMachineDetector();
    ActorRef<Command> self = ctx.getSelf();
    setup.rtp().start(setup.sipCallId(), frame -> detector.frame(frame.samples()).ifPresent(heard ->
        self.tell(new Screened(heard))), key -> { });
    // A callee whose audio never comes gives the detector nothing to decide on: the media timeout ends the call.
    timers.startTimerAtFixedRate(new MediaCheck(), Duration.ofSeconds(1));
    return Behaviors.receive(Command.class)
        .onMessage(Screened.class, screened -> switch (screened.heard()) {
          case AnsweringMachineDetector.Verdict verdict -> screened(screening, verdict);
          case AnsweringMachineDetector.MessageCue cue -> {
            setup.rtp().hearing(frame -> {});
            speak(new VoiceCall.Greet(screening.policy().messageToLeave().orElseThrow(), true));
            yield Behaviors.same();
          }
        })
        .onMessage(Out.class, this::lastWords)
        .onMessage(MessageLeft.class, left -> hangUpAfterWords(CallEnd.ANSWERING_MACHINE))
        .onMessage(MediaCheck.class, check -> checkMedia())
        .onMessage(CallerHungUp.class, hangUp -> closeSession(CallEnd.CALLER_HUNG_UP))
        .onSignal(Terminated.class, this::onVoiceStopped)
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  /** The only words the call has: sent as they come, and once said, the BYE follows their tail ({@link MessageLeft}). */
  private Behavior<Command> lastWords(Out out) {
    if (out.output() instanceof VoiceOutput.Audio audio) setup.rtp().send(audio.samples());
    if (out.output() instanceof VoiceOutput.SpeakingStopped) timers.startSingleTimer(new MessageLeft(), MESSAGE_TAIL);
    return Behaviors.same();
  }

  /** Answered: a tenant whose budget in money is spent has the call refused, spoken to, then hung up (docs/operations.md#budgets). */
  private Behavior<Command> checkingBudget() {
    ctx.pipeToSelf(setup.voice().costs().spend().exhaustedNow(setup.id().tenant()),
        (spent, failure) -> new BudgetHeard(Boolean.TRUE.equals(spent)));
    return Behaviors.receive(Command.class)
        .onMessage(BudgetHeard.class, heard -> heard.spent() ? refusing() : setup.screening().map(this::screening).orElseGet(this::connect))
        .onMessage(CallerHungUp.class, hangUp -> closeSession(CallEnd.CALLER_HUNG_UP))
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  private Behavior<Command> refusing() {
    ctx.getLog().atInfo().addKeyValue("sessionId", setup.id().wireId()).log("phone call refused: the tenant's budget is spent");
    setup.rtp().start(setup.sipCallId(), frame -> {}, key -> {});
    speak(new VoiceCall.Greet(setup.voice().costs().refusalNotice(), true));
    return Behaviors.receive(Command.class)
        .onMessage(Out.class, this::lastWords)
        .onMessage(MessageLeft.class, left -> hangUpAfterWords(CallEnd.OVER_BUDGET))
        .onMessage(CallerHungUp.class, hangUp -> closeSession(CallEnd.CALLER_HUNG_UP))
        .onSignal(Terminated.class, this::onVoiceStopped)
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  private Behavior<Command> screened(Screening screening, AnsweringMachineDetector.Verdict verdict) {
    setup.registry().screened(setup.id().tenant(), verdict.result());
    ctx.getLog().atInfo().addKeyValue("sessionId", setup.id().wireId()).addKeyValue("callId", setup.sipCallId())
        .log("outbound call answered by {} ({} after {} ms)", verdict.result().label(), verdict.reason(), verdict.atMillis());
    screening.verdict().accept(verdict.result());
    if (verdict.result() != Result.MACHINE) return connect();
    return screening.policy().messageToLeave().isPresent() ? Behaviors.same() : hangUpAfterWords(CallEnd.ANSWERING_MACHINE);
  }

  private Behavior<Command> hangUpAfterWords(CallEnd end) {
    setup.hangUp().run();
    return closeSession(end);
  }

  /** The call's voice, saying {@code greeting} first; a voice call that fails ends the call (onVoiceStopped). */
  private void speak(VoiceCall.Greet greeting) {
    call = ctx.spawn(setup.voice().call(setup.sipCallId(), setup.id(), Channel.PHONE.wireName(),
        setup.session(), 0, 8000, ctx.messageAdapter(VoiceOutput.class, Out::new), PLAYBACK_LEAD),
        "voice");
    ctx.watch(call);
    call.tell(greeting);
  }

  private Behavior<Command> connect() {
    speak(new VoiceCall.Greet(setup.greeting(), false));
    handover = ctx.spawn(CallHandover.create(new CallHandover.Setup(setup.id().tenant(), call, setup.session(),
        setup.askTimeout(), setup.handover(), setup.hangUp(), ctx.messageAdapter(String.class, HandedOver::new))),
        "handover");
    ActorRef<Command> self = ctx.getSelf();
    ActorRef<VoiceCall.Command> voice = call;
    // The clock hands each frame to the voice call itself: through this actor a frame was two
    // messages, 25,000 more a second at 500 calls.
    setup.rtp().start(setup.sipCallId(), frame -> voice.tell(new VoiceCall.CallerAudio(frame.samples(), frame.readyNanos())),
        key -> self.tell(new Pressed(key)));
    timers.startTimerAtFixedRate(new MediaCheck(), Duration.ofSeconds(1));
    sessionTimer(setup.timer());
    setup.registry().connected(setup.sipCallId());
    ctx.getLog().atInfo().addKeyValue("sessionId", setup.id().wireId()).addKeyValue("callId", setup.sipCallId())
        .log("phone call answered");
    return inCall();
  }

  private Behavior<Command> inCall() {
    return Behaviors.receive(Command.class)
        .onMessage(Out.class, out -> onOut(out.output()))
        .onMessage(Pressed.class, pressed -> {
          keypad.pressed(pressed.keypress(), call);
          return Behaviors.same();
        })
        .onMessage(KeyAnswered.class, answered -> {
          keypad.taken(answered.taken(), answered.method());
          return Behaviors.same();
        })
        .onMessage(KeypadPaused.class, paused -> {
          keypad.paused(paused.method());
          return Behaviors.same();
        })
        .onMessage(MediaCheck.class, check -> checkMedia())
        .onMessage(CallerHungUp.class, hangUp -> closeSession(CallEnd.CALLER_HUNG_UP))
        .onMessage(SessionRefreshed.class, refreshed -> {
          sessionTimer(refreshed.timer());
          return Behaviors.same();
        })
        .onMessage(RefreshDue.class, due -> {
          // Unless the refresh's answer renews it, the session ends when its interval runs out.
          if (timer instanceof SessionTimer.Running running) {
            setup.refresh().accept(running);
            timers.startSingleTimer(SESSION_TIMER, new SessionExpired(), running.expiry().minus(running.refreshAfter()));
          }
          return Behaviors.same();
        })
        .onMessage(SessionExpired.class, expired -> {
          ctx.getLog().info("phone call {} missed its session refresh: hanging up", setup.sipCallId());
          setup.hangUp().run();
          return closeSession(CallEnd.CALLER_VANISHED);
        })
        .onMessage(HandedOver.class, over -> {
          // Transferred or shut down: as after a hang-up, the session keeps only what was heard before it closes.
          return closeSession(CallEnd.ofCloseReason(over.reason()));
        })
        .onSignal(Terminated.class, this::onVoiceStopped)
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  private Behavior<Command> checkMedia() {
    long silentNanos = System.nanoTime() - setup.rtp().lastHeardNanos();
    if (silentNanos < setup.mediaTimeout().toNanos()) return Behaviors.same();
    ctx.getLog().info("phone call {} sent no audio for {}: hanging up", setup.sipCallId(),
        ReadableDuration.of(setup.mediaTimeout()));
    setup.hangUp().run();
    return closeSession(CallEnd.CALLER_VANISHED);
  }

  /** The session timer counts from now: to the caller's refresh deadline, or to the node's own refresh. */
  private void sessionTimer(SessionTimer negotiated) {
    timer = negotiated;
    if (timer instanceof SessionTimer.Running running) {
      timers.startSingleTimer(SESSION_TIMER, running.callerRefreshes() ? new SessionExpired() : new RefreshDue(),
          running.callerRefreshes() ? running.expiry() : running.refreshAfter());
    } else {
      timers.cancel(SESSION_TIMER);
    }
  }

  /**
   * The call's voice stopped without ending the call (an engine threw; a voice call that ends says
   * so first, and this call stops on that): the caller would hear nothing more, so the call ends.
   */
  private Behavior<Command> onVoiceStopped(Terminated stopped) {
    String cause = stopped instanceof ChildFailed failed ? failed.getCause().toString() : "stopped";
    ctx.getLog().atWarn().addKeyValue("sessionId", setup.id().wireId()).addKeyValue("callId", setup.sipCallId())
        .log("phone call's voice failed ({}): hanging up", cause);
    call = null;
    setup.hangUp().run();
    return closeSession(CallEnd.FAILED);
  }

  private Behavior<Command> onOut(VoiceOutput output) {
    if (output instanceof VoiceOutput.Audio audio) {
      setup.rtp().send(audio.samples());
      sentMillis += audio.samples().length / 8;
    } else if (output instanceof VoiceOutput.SpeakingStarted started) {
      speaking = Optional.of(started.turnId());
      sentMillis = 0;
    } else if (output instanceof VoiceOutput.SpeakingStopped stopped) {
      handover.tell(new CallHandover.SpeechStopped(stopped.turnId()));
      speaking = Optional.empty();
      if (VoiceOutput.SpeakingStopped.BARGE_IN.equals(stopped.reason())) {
        call.tell(new VoiceCall.Played(stopped.turnId(), hushed(), true));
      }
    } else if (output instanceof VoiceOutput.PressKeys keys) {
      // The keys may be personal data: the log says how many, never which.
      ctx.getLog().info("phone call {}: the bot pressed {} keys", setup.sipCallId(), keys.keys().length());
      setup.pressKeys().accept(keys.keys());
    } else if (output instanceof VoiceOutput.ConsentToRecord consent) {
      recordingConsent(consent.consent());
    } else if (output instanceof VoiceOutput.Transfer transfer) {
      handover.tell(new CallHandover.Transfer(transfer.target()));
    } else if (output instanceof VoiceOutput.WarmTransfer warm) {
      handover.tell(new CallHandover.WarmTransfer(warm.target(), warm.brief(), warm.staffLanguage()));
    } else if (output instanceof VoiceOutput.Ended ended) {
      ctx.getLog().info("phone call {} ended by the session: {}", setup.sipCallId(), ended.reason());
      end = CallEnd.ofCloseReason(ended.reason());
      if (!hungUp) setup.hangUp().run();
      hungUp = true;
      return Behaviors.stopped();
    }
    return Behaviors.same();
  }

  /** The caller was told the call is recorded, or agreed to it: both directions are recorded from now on. */
  private void recordingConsent(String consent) {
    setup.recordings().consent(setup.id(), consent);
    boolean records = consent.equals(RecordingConsentNoted.ANNOUNCED) || consent.equals(RecordingConsentNoted.GIVEN);
    if (!records || recording.isPresent()) return;
    CallRecording started = setup.recordings().begin();
    recording = Optional.of(started);
    setup.rtp().tap(started::frame);
  }

  /** The bot stops at once: what was queued is never sent, and what was sent sits in the phone's buffer. */
  private long hushed() {
    long unsent = setup.rtp().hush();
    return Math.max(0, sentMillis - unsent - PHONE_BUFFER_MILLIS);
  }

  /**
   * The caller is gone: the voice call keeps only what they heard of the answer it was speaking
   * (told how far the wire got, it cuts the answer in the session and stops), then the session
   * closes (and is archived), then the call stops.
   */
  private Behavior<Command> closeSession(CallEnd cause) {
    end = cause;
    hungUp = true;
    if (call == null) return closing(cause);
    // The clock hands frames to the voice call itself: they stop before it does.
    setup.rtp().hearing(frame -> {});
    speaking.ifPresent(turnId -> call.tell(new VoiceCall.Played(turnId, hushed(), false)));
    call.tell(new VoiceCall.Hangup(cause.closeReason()));
    return Behaviors.receive(Command.class)
        .onAnyMessage(other -> Behaviors.same())
        .onSignal(Terminated.class, stopped -> closing(cause))
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  private Behavior<Command> closing(CallEnd cause) {
    ctx.askWithStatus(SessionCommand.Closing.class, setup.session(), setup.askTimeout(),
        replyTo -> new SessionCommand.Close(cause.closeReason(), replyTo), (closing, failure) -> new Closed());
    return Behaviors.receive(Command.class)
        .onMessage(Closed.class, closed -> Behaviors.stopped())
        .onAnyMessage(other -> Behaviors.same())
        .onSignal(Terminated.class, stopped -> Behaviors.same())
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  private Behavior<Command> onStopped() {
    // Stopped unscreened (it never started, or its callee hung up at once): answered, as an unscreened call is.
    setup.screening().ifPresent(screening -> screening.verdict().accept(Result.UNSURE));
    setup.rtp().close();
    // Once the clock no longer taps the call: the recording is complete.
    recording.ifPresent(made -> setup.recordings().store(setup.id(), made));
    setup.registry().ended(setup.sipCallId(), end);
    return Behaviors.same();
  }
}
