package io.parley.voice;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Heard;
import io.parley.core.session.Refusal;
import io.parley.core.session.Role;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionCommand;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.FrameCutter;
import io.parley.voice.media.RealTimeGate;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.media.TurnSettings;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.VoiceEngineException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
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
import org.apache.pekko.japi.function.Function;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One voice call to a session, on the node where the caller's audio arrives (the browser's socket,
 * the phone bridge), whatever node the session lives on. It is the session's ears and mouth:
 *
 * <ul>
 *   <li>the caller's audio goes through voice-activity and turn detection ({@link CallerSpeech});
 *       each utterance's final transcript becomes a user message {@code voice/<callId>/<n>},
 *       idempotent, so retrying a post never stores it twice;
 *   <li>it follows the session like any edge; the answer of each turn is cut into sentences as the
 *       model streams it, synthesised sentence by sentence and paced out ({@link SpokenAnswer});
 *   <li>when the caller speaks over an answer (longer than the barge-in minimum), the audio stops on
 *       that frame, the edge reports how far it played, and the session is told what was heard
 *       ({@code InterruptAnswer}) before the interruption itself is posted, so the next turn
 *       never starts from an answer the caller did not hear;
 *   <li>when the call ends with answers not spoken to the end (a hang-up, the edge going away), they
 *       are cut the same way, to what the edge last said it played, before the call says it ended.
 * </ul>
 *
 * The edge gives the audio in ({@link CallerAudio}, at the call's rate) and gets everything out as
 * {@link VoiceOutput}. Audio arriving faster than real time beyond a bound is dropped, never queued.
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

  /** How much of the answer of {@code turnId} the edge has played; {@code stopped} once it stopped for a barge-in. */
  public record Played(String turnId, long millis, boolean stopped) implements Command {}

  /** Ends the call; the session stays open (the caller may type on, or call again). */
  public record Hangup(String reason) implements Command {}

  /**
   * Speaks {@code text} before anything else (a phone call's greeting); once it starts playing it is
   * the session's assistant message of turn {@code greeting} (stored once), cut like an answer.
   */
  public record Greet(String text) implements Command {}

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

  private record SentenceEnded(String turnId, int sentence, Optional<VoiceEngineException> failure)
      implements Command {}

  private record Update(SessionUpdate update) implements Command {}

  private record FollowerSignal(SessionFollower.Signal signal) implements Command {}

  private record Tick() implements Command {}

  private record CutDue(String turnId) implements Command {}

  private record Posted(int utterance, String text, Heard heard, int attempt, Optional<Throwable> failure)
      implements Command {}

  private record InterruptDone(String turnId, Optional<Throwable> failure) implements Command {}

  private record SpendHeard(Optional<TenantTokenBudget.Standing> standing) implements Command {}

  /**
   * @param callId names the call in logs and in its messages' client ids
   * @param afterSeq the last message the edge has seen: the call speaks only what comes after
   * @param sampleRate the rate of the audio in and out
   */
  public record Setup(String callId, SessionId id, String channel, RecipientRef<SessionCommand> session,
      long afterSeq, CallEngines engines, CallSettings settings, int sampleRate,
      ActorRef<VoiceOutput> output, VoiceMetrics metrics, PremiumVoiceBudget budget) {}

  public static Behavior<Command> create(Setup setup) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new VoiceCall(ctx, timers, setup)));
  }

  private static final int FRAME_MILLIS = 20;
  private static final int POST_ATTEMPTS = 3;
  private static final Object TICK = "tick";
  /** The turn id of the greeting: spoken like an answer and stored as one, but no turn of the session runs for it. */
  private static final String GREETING = SessionCommand.PostGreeting.GREETING;

  private final TimerScheduler<Command> timers;
  private final Setup setup;
  private final ActorRef<VoiceOutput> output;
  private final CallerSpeech caller;
  private final FrameCutter frameCutter;
  private final long startNanos = System.nanoTime();
  private final RealTimeGate realTime;
  private final LongConsumer frameTimer;
  private int utterances;
  // From the end of the caller's last utterance to the first audio of what answers it.
  private Optional<SpokenTurnLatency> latency = Optional.empty();
  private final LinkedHashMap<String, SpokenAnswer> answers = new LinkedHashMap<>();
  private Optional<Synthesis> synthesis = Optional.empty();
  private final Map<String, Long> playedMillis = new HashMap<>();
  // A barge-in waiting for the edge's playback position, then for the session to store what was heard.
  private Optional<SpokenAnswer> cutting = Optional.empty();
  private boolean interrupting;
  private final Deque<Posted> postsWaiting = new ArrayDeque<>();
  private final SpeakingTier tier;
  // The greeting waits for the session's configuration: the tenant's own wins over the edge's.
  private Optional<String> greetingAsked = Optional.empty();
  private boolean joined;
  private boolean greeted;
  private final SessionFollower<Command> follower;

  private VoiceCall(ActorContext<Command> ctx, TimerScheduler<Command> timers, Setup setup) {
    super(ctx);
    this.timers = timers;
    this.setup = setup;
    this.output = setup.output();
    this.frameCutter = new FrameCutter(setup.sampleRate() * FRAME_MILLIS / 1000);
    this.realTime = new RealTimeGate(setup.settings().maxAhead().toMillis());
    CallEngines engines = setup.engines();
    this.tier = new SpeakingTier(engines, setup.settings().speechSpeed(), setup.id().tenant(), setup.metrics());
    ActorRef<Command> self = ctx.getSelf();
    int recognitionRate = engines.speechToText().sampleRateFor(setup.sampleRate());
    var recognition = engines.speechToText().open(new TranscriptListener() {
      @Override
      public void onTranscript(Transcript transcript) {
        self.tell(new Recognised(transcript, System.nanoTime()));
      }

      @Override
      public void onFailure(VoiceEngineException failure) {
        self.tell(new RecognitionFailed(failure));
      }

      @Override
      public void onSpeakerPaused() {
        self.tell(new SpeakerPaused());
      }
    }, recognitionRate);
    TurnSettings turns = setup.settings().turns();
    int preRollFrames = (int) ((turns.minSpeech().toMillis() + 300) / FRAME_MILLIS);
    try {
      this.caller = new CallerSpeech(setup.sampleRate(), engines.voiceActivity(), recognition, recognitionRate,
          new TurnDetector(turns), preRollFrames);
      this.follower = SessionFollower.follow(new SessionFollower.Edge<>(ctx, timers,
              ctx.messageAdapter(SessionUpdate.class, Update::new), FollowerSignal::new),
          setup.id(), setup.session(), setup.afterSeq(), Optional.empty(), setup.settings().askTimeout());
    } catch (RuntimeException e) {
      // A call that fails to start has no PostStop: the recogniser's stream (a premium service's
      // connection) is closed here.
      recognition.close();
      throw e;
    }
    timers.startSingleTimer(new Hangup("max_call_duration"), setup.settings().maxCall());
    setup.metrics().callStarted(setup.channel());
    this.frameTimer = setup.metrics().frameTimer(setup.channel());
    log(Level.INFO).log("voice call started at {} Hz", setup.sampleRate());
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(CallerAudio.class, this::onCallerAudio)
        .onMessage(Played.class, this::onPlayed)
        .onMessage(Hangup.class, hangup -> hangUp(hangup.reason()))
        .onMessage(Greet.class, this::onGreet)
        .onMessage(Interject.class, this::onInterject)
        .onMessage(Recognised.class, this::onRecognised)
        .onMessage(RecognitionFailed.class, this::onRecognitionFailed)
        .onMessage(SpeakerPaused.class, paused -> {
          if (caller.endIfQuiet() == TurnDetector.Signal.UTTERANCE_ENDED) utteranceEnded();
          return this;
        })
        .onMessage(Synthesized.class, this::onSynthesized)
        .onMessage(SentenceEnded.class, this::onSentenceEnded)
        .onMessage(Update.class, update -> follower.onUpdate(update.update()).map(this::onUpdate).orElse(this))
        .onMessage(FollowerSignal.class, signal -> follower.onSignal(signal.signal()).map(this::onUpdate).orElse(this))
        .onMessage(Tick.class, tick -> onTick())
        .onMessage(CutDue.class, due -> onCutDue(due.turnId()))
        .onMessage(Posted.class, this::onPosted)
        .onMessage(InterruptDone.class, this::onInterruptDone)
        .onMessage(SpendHeard.class, this::onSpendHeard)
        .onSignal(PostStop.class, stop -> onStopped())
        .build();
  }

  // --- the caller's side ---

  private Behavior<Command> onCallerAudio(CallerAudio audio) {
    long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
    RealTimeGate.Verdict verdict = realTime.offer(elapsedMillis, audio.samples().length * 1000L / setup.sampleRate());
    if (verdict == RealTimeGate.Verdict.FIRST_DROPPED) {
      output.tell(new VoiceOutput.Problem(ErrorCode.TOO_LARGE,
          "audio is arriving faster than real time; frames beyond " + setup.settings().maxAhead().toMillis() + " ms ahead are dropped"));
    }
    if (verdict == RealTimeGate.Verdict.TAKEN) {
      frameCutter.add(audio.samples()).forEach(frame -> onFrame(frame, audio.receivedNanos()));
      frameTimer.accept(audio.receivedNanos());
    }
    return this;
  }

  private void onFrame(short[] frame, long receivedNanos) {
    if (caller.frame(frame) == TurnDetector.Signal.UTTERANCE_ENDED) utteranceEnded();
    if (caller.isBargeIn() && cutting.isEmpty()) {
      Optional<SpokenAnswer> speaking = answers.values().stream().findFirst();
      speaking.ifPresent(answer -> bargeIn(answer, receivedNanos));
    }
  }

  private void utteranceEnded() {
    latency = Optional.of(new SpokenTurnLatency(System.nanoTime()));
  }

  private Behavior<Command> onRecognised(Recognised recognised) {
    Transcript transcript = recognised.transcript();
    output.tell(new VoiceOutput.Heard(transcript.text(), transcript.isFinal(), transcript.confidence()));
    if (!transcript.isFinal()) {
      caller.heard(transcript.text());
      return this;
    }
    int utterance = ++utterances;
    latency.ifPresent(turn -> setup.metrics().finalTranscript(turn.transcribed(recognised.atNanos())));
    setup.metrics().heard(setup.id().tenant(), setup.engines().speechToText().name(), caller.takeHeardMillis() / 1000.0);
    maybeCountTranscription(utterance, caller.takeBilledMillis());
    long spokenMillis = caller.takeSpokenMillis();
    if (transcript.text().isBlank()) {
      latency = Optional.empty(); // nothing is asked, so nothing answers it
      return this;
    }
    post(new Posted(utterance, transcript.text(),
        new Heard(setup.engines().speechToText().name(), transcript.confidence(), spokenMillis), 0, Optional.empty()));
    return this;
  }

  /**
   * Premium transcription spends the tenant's voice budget as synthesis does, before the answer's
   * first sentence is decided; idempotent per utterance in the spend entity.
   */
  private void maybeCountTranscription(int utterance, long billedMillis) {
    if (billedMillis <= 0) return;
    setup.metrics().premiumTranscription(setup.id().tenant(), billedMillis / 1000.0);
    long characters = setup.budget().transcriptionCharacters(billedMillis);
    if (tier.budget() <= 0 || characters <= 0) return;
    tier.transcribed(characters, SpeakingTier.today(setup.budget().clock()));
    String key = setup.callId() + "/heard/" + utterance;
    askSpend(replyTo -> new TenantTokenBudget.RecordUsage(key, characters, setup.budget().clock().instant(), replyTo));
  }

  /** Posts an utterance, after any interruption under way: the session must store what was heard first. */
  private void post(Posted utterance) {
    if (interrupting || cutting.isPresent()) {
      postsWaiting.add(utterance);
      return;
    }
    String clientMsgId = "voice/" + setup.callId() + "/" + utterance.utterance();
    getContext().askWithStatus(SessionCommand.Accepted.class, setup.session(), setup.settings().askTimeout(),
        replyTo -> new SessionCommand.PostUserMessage(clientMsgId, utterance.text(), Optional.of(utterance.heard()),
            Optional.empty(), replyTo),
        (accepted, failure) -> new Posted(utterance.utterance(), utterance.text(), utterance.heard(),
            utterance.attempt() + 1, Optional.ofNullable(failure)));
  }

  private Behavior<Command> onPosted(Posted posted) {
    if (posted.failure().isEmpty()) return this;
    Throwable failure = posted.failure().get();
    if (failure instanceof Refusal refusal) {
      latency = Optional.empty();
      output.tell(new VoiceOutput.Problem(refusal.code(), refusal.getMessage()));
    } else if (posted.attempt() < POST_ATTEMPTS) {
      // Not answered in time (a session moving between nodes): the same client id again is safe.
      post(posted);
    } else {
      log(Level.WARN).log("utterance {} could not be posted: {}", posted.utterance(), failure.toString());
      output.tell(new VoiceOutput.Problem(ErrorCode.UNAVAILABLE, "what you said could not be stored; please say it again"));
    }
    return this;
  }

  private Behavior<Command> onRecognitionFailed(RecognitionFailed failed) {
    log(Level.ERROR).log("speech recognition failed: {}", failed.failure().getMessage());
    output.tell(new VoiceOutput.Problem(ErrorCode.UNAVAILABLE, "speech recognition stopped; please type instead"));
    return hangUp("recognition_failed");
  }

  // --- barge-in ---

  /** The caller spoke over {@code answer}; the frame that made it a barge-in reached the edge at {@code heardNanos}. */
  private void bargeIn(SpokenAnswer answer, long heardNanos) {
    // The model stops now; what was heard follows once the edge says how far it played.
    if (isBotTurn(answer.turnId())) setup.session().tell(new SessionCommand.HoldAnswer(answer.turnId()));
    synthesis.ifPresent(Synthesis::cancel);
    synthesis = Optional.empty();
    answers.remove(answer.turnId());
    cutting = Optional.of(answer);
    if (answer.started()) {
      output.tell(new VoiceOutput.SpeakingStopped(answer.turnId(), VoiceOutput.SpeakingStopped.BARGE_IN));
      setup.metrics().bargedIn(setup.id().tenant(), secondsSince(heardNanos));
      timers.startSingleTimer(new CutDue(answer.turnId()), setup.settings().cutWait());
      log(Level.DEBUG).log("barge-in on {} after {} ms sent", answer.turnId(), answer.sentMillis());
    } else {
      // Nothing of it played yet: the caller went on speaking before the bot began.
      finishCut(answer, 0);
    }
  }

  private Behavior<Command> onPlayed(Played played) {
    playedMillis.put(played.turnId(), played.millis());
    cutting.filter(answer -> played.stopped() && answer.turnId().equals(played.turnId()))
        .ifPresent(answer -> cutAt(answer, played.millis()));
    return this;
  }

  private Behavior<Command> onCutDue(String turnId) {
    // The edge did not say how far it played: the last position it reported is what was surely heard.
    cutting.filter(answer -> answer.turnId().equals(turnId))
        .ifPresent(answer -> cutAt(answer, playedMillis.getOrDefault(turnId, 0L)));
    return this;
  }

  /** The barge-in's answer played up to {@code reportedMillis}, by the edge's word: heard that far, and kept that far. */
  private void cutAt(SpokenAnswer answer, long reportedMillis) {
    played(answer, answer.heardMillis(reportedMillis));
    finishCut(answer, reportedMillis);
  }

  private void finishCut(SpokenAnswer answer, long played) {
    timers.cancel(new CutDue(answer.turnId()));
    cutting = Optional.empty();
    if (!isBotTurn(answer.turnId())) {
      // Not the bot's words (an agent's, a notice): nothing to cut in the session.
      while (!postsWaiting.isEmpty()) post(postsWaiting.poll());
      return;
    }
    interrupting = true;
    String heard = answer.heardAt(played);
    getContext().askWithStatus(SessionCommand.Interrupted.class, setup.session(), setup.settings().askTimeout(),
        replyTo -> new SessionCommand.InterruptAnswer(answer.turnId(), heard, replyTo),
        (interrupted, failure) -> new InterruptDone(answer.turnId(), Optional.ofNullable(failure)));
  }

  private Behavior<Command> onInterruptDone(InterruptDone done) {
    done.failure().ifPresent(failure ->
        log(Level.WARN).log("the session did not take the interruption of {}: {}", done.turnId(), failure.toString()));
    interrupting = false;
    while (!postsWaiting.isEmpty() && !interrupting && cutting.isEmpty()) post(postsWaiting.poll());
    return this;
  }

  // --- the bot's side ---

  private Behavior<Command> onUpdate(SessionUpdate update) {
    if (update instanceof SessionUpdate.Typing typing) {
      latency.ifPresent(turn -> turn.turnStarted(typing.turnId()));
      tier.turnStarted(typing.leadScore());
      answers.computeIfAbsent(typing.turnId(), this::newAnswer);
      ensureTicking();
    } else if (update instanceof SessionUpdate.Joined joined) {
      onJoined(joined.info());
      joined.turnInProgress().ifPresent(turnId -> answers.computeIfAbsent(turnId, this::newAnswer));
      ensureTicking();
    } else if (update instanceof SessionUpdate.Delta delta) {
      SpokenAnswer answer = answers.get(delta.turnId());
      if (answer != null) {
        long now = System.nanoTime();
        latency.filter(turn -> turn.answeredBy(delta.turnId()))
            .ifPresent(turn -> turn.answerPiece(now, delta.waitedNanos()).ifPresent(setup.metrics()::firstToken));
        answer.onDelta(delta.text());
        maybeSynthesize();
      }
    } else if (update instanceof SessionUpdate.MessageAdded added) {
      ChatMessage message = added.message();
      if (message.role() == Role.AGENT || message.role() == Role.SYSTEM) {
        // A caller has no screen: a person's words and the session's notices are read out whole.
        say(message.turnId(), message.text());
        return this;
      }
      SpokenAnswer answer = answers.get(message.turnId());
      if (answer != null && message.role() == Role.ASSISTANT && !message.interrupted()) {
        answer.onAnswer(message.text());
        maybeSynthesize();
      }
    } else if (update instanceof SessionUpdate.TransferCall transfer) {
      output.tell(new VoiceOutput.Transfer(transfer.target()));
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

  private Behavior<Command> onGreet(Greet greet) {
    greetingAsked = Optional.of(greet.text());
    if (joined) greet();
    return this;
  }

  /**
   * The session's configuration and lead score are known (again, after the session moved). The
   * greeting is the tenant's when it has one: on a phone call instead of the edge's, on a voice
   * start only while the conversation is still empty (later it would interrupt it).
   */
  private void onJoined(SessionInfo info) {
    tier.joined(info.botConfig(), info.leadScore());
    if (tier.counts()) askSpend(replyTo -> new TenantTokenBudget.Check(replyTo));
    Optional<String> tenantGreeting = info.botConfig().flatMap(pinned -> pinned.config().greeting());
    if (!joined && greetingAsked.isEmpty() && info.lastSeq() == 0) greetingAsked = tenantGreeting;
    greetingAsked = greetingAsked.map(edgeGreeting -> tenantGreeting.orElse(edgeGreeting));
    joined = true;
    greet();
  }

  private void greet() {
    if (greeted || greetingAsked.isEmpty()) return;
    greeted = true;
    say(GREETING, greetingAsked.get());
  }

  private Behavior<Command> onInterject(Interject interject) {
    List<SpokenAnswer> queued = new ArrayList<>(answers.values());
    answers.clear();
    for (int i = 0; i < queued.size(); i++) {
      SpokenAnswer answer = queued.get(i);
      if (i == 0 && answer.started()) {
        if (answer.endAfterCurrentSentence(System.nanoTime())) {
          synthesis.ifPresent(Synthesis::cancel);
          synthesis = Optional.empty();
        }
        answers.put(answer.turnId(), answer);
      } else {
        if (i == 0) {
          // The synthesis under way was this answer's.
          synthesis.ifPresent(Synthesis::cancel);
          synthesis = Optional.empty();
        }
        if (isBotTurn(answer.turnId())) finishCut(answer, 0);
      }
    }
    say(interject.key(), interject.text());
    return this;
  }

  /** Speaks {@code text} whole, after what is playing: a greeting, an agent's message, a notice. */
  private void say(String key, String text) {
    answers.computeIfAbsent(key, this::newAnswer).onAnswer(text);
    ensureTicking();
    maybeSynthesize();
  }

  /** Whether the session stores what is spoken of {@code turnId} (an answer, the greeting), so cuts it to what was heard. */
  private static boolean isBotTurn(String turnId) {
    return turnId.startsWith("turn-") || turnId.equals(GREETING);
  }

  private SpokenAnswer newAnswer(String turnId) {
    return new SpokenAnswer(turnId, setup.sampleRate(), setup.settings().playbackLead().toMillis());
  }

  /** The answer playing now gets its next sentence synthesised, one sentence at a time. */
  private void maybeSynthesize() {
    if (synthesis.isPresent() || !tier.ready()) return;
    Optional<SpokenAnswer> head = answers.values().stream().findFirst();
    if (head.isEmpty()) return;
    SpokenAnswer answer = head.get();
    answer.nextSentence().ifPresent(sentence -> {
      ActorRef<Command> self = getContext().getSelf();
      String turnId = answer.turnId();
      SpeakingTier.Choice choice = tier.next(sentence.text(), SpeakingTier.today(setup.budget().clock()));
      setup.metrics().spoken(setup.id().tenant(), choice.engine().name(), sentence.text().length());
      if (choice.decision().filter(TierDecision::premium).isPresent() && tier.counts()) {
        String key = setup.callId() + "/" + turnId + "/" + sentence.number();
        askSpend(replyTo -> new TenantTokenBudget.RecordUsage(key, sentence.text().length(),
            setup.budget().clock().instant(), replyTo));
      }
      latency.filter(turn -> turn.answeredBy(turnId)).ifPresent(turn -> turn.synthesisAsked(System.nanoTime()));
      synthesis = Optional.of(choice.engine().speak(choice.request(), new SpeechListener() {
        @Override
        public void onAudio(AudioChunk chunk) {
          self.tell(new Synthesized(turnId, sentence.number(), chunk, System.nanoTime()));
        }

        @Override
        public void onDone() {
          self.tell(new SentenceEnded(turnId, sentence.number(), Optional.empty()));
        }

        @Override
        public void onFailure(VoiceEngineException failure) {
          self.tell(new SentenceEnded(turnId, sentence.number(), Optional.of(failure)));
        }
      }));
    });
  }

  private void askSpend(Function<ActorRef<TenantTokenBudget.Standing>, TenantTokenBudget.Command> ask) {
    setup.budget().spend().ifPresent(spend -> getContext().ask(TenantTokenBudget.Standing.class,
        spend.apply(setup.id().tenant()), setup.settings().askTimeout(), ask,
        (standing, failure) -> new SpendHeard(Optional.ofNullable(standing))));
  }

  /** The tenant's spend today, as its entity counted it; a level reached is told to the tenant (once a day, by its workflow). */
  private Behavior<Command> onSpendHeard(SpendHeard heard) {
    if (heard.standing().isEmpty()) {
      log(Level.DEBUG).log("the tenant's premium voice spend did not answer in time");
      tier.spendUnknown();
      maybeSynthesize();
      return this;
    }
    LocalDate today = SpeakingTier.today(setup.budget().clock());
    tier.heard(heard.standing().get(), today).forEach(level -> {
      log(Level.INFO).log("premium voice budget {}: {} of {} characters today", level.wireName(), tier.spentToday(),
          tier.budget());
      setup.budget().alerts().reached(setup.id().tenant(), level, tier.spentToday(), tier.budget(), today);
    });
    maybeSynthesize();
    return this;
  }

  private Behavior<Command> onSynthesized(Synthesized synthesized) {
    SpokenAnswer answer = answers.get(synthesized.turnId());
    if (answer == null || !answer.isCurrent(synthesized.sentence())) return this;
    latency.filter(turn -> turn.answeredBy(synthesized.turnId())).ifPresent(turn -> turn.synthesised(synthesized.atNanos()));
    answer.onAudio(synthesized.chunk());
    // Audio the caller waits for (an answer's first, or the next sentence's after a gap) goes out
    // now rather than at the next tick, up to 20 ms later; the pacing is the answer's clock either way.
    return answers.values().iterator().next() == answer ? onTick() : this;
  }

  private Behavior<Command> onSentenceEnded(SentenceEnded ended) {
    SpokenAnswer answer = answers.get(ended.turnId());
    if (answer == null || !answer.isCurrent(ended.sentence())) return this;
    ended.failure().ifPresent(failure ->
        log(Level.WARN).log("a sentence of {} could not be spoken: {}", ended.turnId(), failure.getMessage()));
    answer.onSentenceDone();
    synthesis = Optional.empty();
    maybeSynthesize();
    return this;
  }

  private void ensureTicking() {
    if (!answers.isEmpty() && !timers.isTimerActive(TICK)) {
      timers.startTimerAtFixedRate(TICK, new Tick(), Duration.ofMillis(FRAME_MILLIS));
    }
  }

  /**
   * Every 20 ms, and when audio arrives for the answer playing: its frames now due, and the next
   * answer once it is done.
   */
  private Behavior<Command> onTick() {
    long now = System.nanoTime();
    Optional<SpokenAnswer> head = answers.values().stream().findFirst();
    if (head.isEmpty()) {
      timers.cancel(TICK);
      return this;
    }
    SpokenAnswer answer = head.get();
    boolean wasStarted = answer.started();
    var frames = answer.framesDue(now);
    if (!wasStarted && !frames.isEmpty()) {
      output.tell(new VoiceOutput.SpeakingStarted(answer.turnId()));
      if (answer.turnId().equals(GREETING)) {
        setup.session().tell(new SessionCommand.PostGreeting(greetingAsked.orElseThrow(), getContext().getSystem().ignoreRef()));
      }
      latency.filter(turn -> turn.answeredBy(answer.turnId())).ifPresent(turn -> {
        setup.metrics().firstAudio(turn.firstAudio(now));
        latency = Optional.empty();
      });
    }
    frames.forEach(frame -> output.tell(new VoiceOutput.Audio(frame)));
    if (answer.finished(now)) {
      answers.remove(answer.turnId());
      if (answer.started()) output.tell(new VoiceOutput.SpeakingStopped(answer.turnId(), VoiceOutput.SpeakingStopped.DONE));
      played(answer, answer.sentMillis());
      if (answer.endedEarly() && isBotTurn(answer.turnId())) finishCut(answer, answer.sentMillis());
      maybeSynthesize();
    }
    return this;
  }

  // --- the end ---

  /**
   * The call ends before the session does: the answers not yet spoken to the end are kept only as
   * far as they were heard, then the edge hears the call ended (at the latest after the ask timeout).
   */
  private Behavior<Command> hangUp(String reason) {
    answers.values().stream().findFirst().filter(SpokenAnswer::started).ifPresent(answer ->
        output.tell(new VoiceOutput.SpeakingStopped(answer.turnId(), VoiceOutput.SpeakingStopped.HUNG_UP)));
    timers.cancel(TICK);
    synthesis.ifPresent(Synthesis::cancel);
    synthesis = Optional.empty();
    int waiting = interrupting ? 1 : 0;
    for (Map.Entry<String, String> cut : unheardCuts().entrySet()) {
      waiting++;
      getContext().askWithStatus(SessionCommand.Interrupted.class, setup.session(), setup.settings().askTimeout(),
          replyTo -> new SessionCommand.InterruptAnswer(cut.getKey(), cut.getValue(), replyTo),
          (interrupted, failure) -> new InterruptDone(cut.getKey(), Optional.ofNullable(failure)));
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

  /**
   * The bot's answers not yet spoken to the end, each with what was heard of it: the one playing
   * up to where the edge last said it had played (what surely played), the others nothing. How
   * long each played is recorded, whoever's words they were.
   */
  private Map<String, String> unheardCuts() {
    Map<String, String> cuts = new LinkedHashMap<>();
    Stream.concat(cutting.stream(), answers.values().stream()).forEach(answer -> {
      long reported = playedMillis.getOrDefault(answer.turnId(), 0L);
      played(answer, answer.heardMillis(reported));
      cuts.put(answer.turnId(), answer.heardAt(reported));
    });
    cutting = Optional.empty();
    answers.clear();
    cuts.keySet().removeIf(turnId -> !isBotTurn(turnId));
    return cuts;
  }

  /**
   * The caller heard {@code millis} of {@code answer}'s audio (all of it, or up to a cut): the
   * session records it, for the conversation's spoken time. No reply is awaited: a call ending
   * does not wait for it, and a session that closed meanwhile records it all the same.
   */
  private void played(SpokenAnswer answer, long millis) {
    if (millis <= 0) return;
    setup.session().tell(new SessionCommand.RecordPlayed(answer.turnId(), millis, getContext().getSystem().ignoreRef()));
  }

  private Behavior<Command> onStopped() {
    // Stopped without a hang-up (the edge went away): the same cut, without waiting for it.
    unheardCuts().forEach((turnId, heard) -> setup.session().tell(
        new SessionCommand.InterruptAnswer(turnId, heard, getContext().getSystem().ignoreRef())));
    follower.stop();
    synthesis.ifPresent(Synthesis::cancel);
    caller.close();
    setup.metrics().callEnded(setup.channel());
    log(Level.INFO).log("voice call ended");
    return this;
  }

  private LoggingEventBuilder log(Level level) {
    return getContext().getLog().atLevel(level).addKeyValue("tenant", setup.id().tenant())
        .addKeyValue("sessionId", setup.id().wireId()).addKeyValue("callId", setup.callId());
  }

  private static double secondsSince(long nanos) {
    return (System.nanoTime() - nanos) / 1e9;
  }
}
