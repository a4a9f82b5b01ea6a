package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.session.SessionId;
import io.parley.core.testing.ClassResource;
import io.parley.core.trace.Tracing;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.testing.StandInTextToSpeech;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a call speaks when the caller speaks first: what is to be heard whole (the greeting) waits
 * for their pause rather than being cut before a word of it played, while an answer not begun is
 * cut as before. The engine's
 * audio comes back on its own thread and is handed to the answers on the test's, as the call's
 * actor does with its messages.
 */
class SpokenAnswersTest {
  private static final String GREETING = SessionCommand.PostGreeting.GREETING;
  private static final Logger LOG = LoggerFactory.getLogger(SpokenAnswersTest.class);
  /** The default premium recogniser's 10 s, then the local engine's 5 s. */
  private static final Duration TRANSCRIPT_WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();

  private final TestProbe<SessionCommand> session = testKit.createTestProbe();
  private final TestProbe<VoiceOutput> output = testKit.createTestProbe();
  private final StandInTextToSpeech engine = new StandInTextToSpeech();
  private final BlockingQueue<Runnable> fromEngine = new LinkedBlockingQueue<>();
  private final CutsAsked cutsAsked = new CutsAsked();
  private final List<String> started = new ArrayList<>();
  private final List<String> ended = new ArrayList<>();
  private boolean callerSpeaking;
  /** The caller paused and their words are not transcribed yet. */
  private boolean wordsPending;
  private final SpokenAnswers answers = answers();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aGreetingNotBegunWaitsForACallerWhoSpeaksFirstAndThenPlaysWhole() throws InterruptedException {
    answers.sayWhole(GREETING, "Hello, you are speaking with Acme's virtual assistant.");
    callerSpeaking = true;

    answers.bargeIn(System.nanoTime());
    assertEquals(List.of(), ended, "nothing is cut");
    synthesised();
    answers.tick();
    assertEquals(List.of(), started, "no greeting over the caller");
    answers.bargeIn(System.nanoTime());
    answers.tick();
    output.expectNoMessage(Duration.ofMillis(100));
    session.expectNoMessage(Duration.ZERO);

    callerSpeaking = false;
    answers.tick();
    assertEquals(List.of(GREETING), started, "the greeting begins once the caller paused");
    assertEquals(new VoiceOutput.SpeakingStarted(GREETING), output.receiveMessage());
    assertInstanceOf(VoiceOutput.Audio.class, output.receiveMessage());
    assertEquals(List.of(), cutsAsked.interrupted);
  }

  @Test
  void aCallerWhoNeverPausesIsWaitedForAtMostTheLimit() throws InterruptedException {
    answers.sayWhole(GREETING, "Hello, you are speaking with Acme's virtual assistant.");
    callerSpeaking = true;
    // Before the audio comes: its arrival is the wait's first tick.
    long now = System.nanoTime();
    synthesised();
    answers.tick(now + (SpokenAnswers.MAX_WAIT_MILLIS - 20) * 1_000_000);
    assertEquals(List.of(), started);

    answers.tick(now + (SpokenAnswers.MAX_WAIT_MILLIS + 1_000) * 1_000_000);
    assertEquals(List.of(GREETING), started, "a line's steady noise does not keep the greeting back for ever");
  }

  @Test
  void whatIsQueuedAgainUnderTheSameKeyWaitsItsOwnTime() throws InterruptedException {
    long now = System.nanoTime();
    answers.sayWhole(RecordingConsent.AGAIN, "May we record this call?");
    callerSpeaking = true;
    answers.tick(now);
    synthesised();
    answers.withdraw(RecordingConsent.AGAIN);

    answers.sayWhole(RecordingConsent.AGAIN, "May we record this call?");
    answers.tick(now + 9_000 * 1_000_000L);
    synthesised();
    answers.tick(now + (SpokenAnswers.MAX_WAIT_MILLIS + 1_000) * 1_000_000);
    assertEquals(List.of(), started, "queued 9 s into the first one's wait, it waits from then");

    answers.tick(now + (9_000 + SpokenAnswers.MAX_WAIT_MILLIS + 500) * 1_000_000);
    assertEquals(List.of(RecordingConsent.AGAIN), started);
  }

  @Test
  void whatIsWithdrawnBeforeItBeganIsNotSaidWhileWhatBeganPlaysOn() throws InterruptedException {
    answers.sayWhole(GREETING, "Hello, you are speaking with Acme's virtual assistant.");
    answers.sayWhole(RecordingConsent.AGAIN, "May we record this call?");
    answers.withdraw(RecordingConsent.AGAIN);
    synthesised();
    answers.tick();
    answers.withdraw(GREETING);

    assertEquals(List.of(GREETING), answers.takeUnfinished().stream().map(SpokenAnswer::turnId).toList());
    assertEquals(List.of(GREETING), started);
  }

  @Test
  void whatIsWithdrawnWhileItIsSynthesisedLeavesTheEngineToWhatFollows() throws InterruptedException {
    answers.sayWhole(RecordingConsent.AGAIN, "May we record this call?");
    answers.say("agent-1", "Hello, this is Dana from Acme.");
    answers.withdraw(RecordingConsent.AGAIN);

    // The engine's late audio of what was withdrawn finds nothing to play.
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (started.isEmpty() && System.nanoTime() < until) {
      Runnable event = fromEngine.poll(100, TimeUnit.MILLISECONDS);
      if (event != null) event.run();
      answers.tick();
    }
    assertEquals(List.of("agent-1"), started);
  }

  @Test
  void aQuestionAskedAgainWaitsForTheCallersWordsToBeTranscribed() throws InterruptedException {
    answers.sayWholeAfterTheirWords(RecordingConsent.AGAIN, "May we record this call?");
    wordsPending = true;
    synthesised();
    answers.tick();
    assertEquals(List.of(), started, "their words may answer it already");

    wordsPending = false;
    answers.tick();
    assertEquals(List.of(RecordingConsent.AGAIN), started);
  }

  @Test
  void aQuestionAskedAgainWaitsAsLongAsTheirTranscriptMayTake() throws InterruptedException {
    answers.sayWholeAfterTheirWords(RecordingConsent.AGAIN, "May we record this call?");
    wordsPending = true;
    long now = System.nanoTime();
    synthesised();
    answers.tick(now);
    answers.tick(now + (SpokenAnswers.MAX_WAIT_MILLIS + 2_000) * 1_000_000);
    assertEquals(List.of(), started, "a premium recogniser that times out leaves the local engine to transcribe them");

    answers.tick(now + TRANSCRIPT_WAIT.plusSeconds(1).toNanos());
    assertEquals(List.of(RecordingConsent.AGAIN), started, "a transcript that never comes keeps it back no longer");
  }

  @Test
  void theGreetingWaitsOnlyForTheCallersPauseNotForTheirTranscript() throws InterruptedException {
    answers.sayWhole(GREETING, "Hello, you are speaking with Acme's virtual assistant.");
    wordsPending = true;
    synthesised();
    answers.tick();
    assertEquals(List.of(GREETING), started, "a callee's hello is answered as they pause");
  }

  @Test
  void anApprovalsQuestionWaitsBehindWhatIsToBeHeardWholeAndGoesAheadOfAnswers() throws InterruptedException {
    answers.sayWhole(GREETING, "Hello, you are speaking with Acme's virtual assistant.");
    answers.sayWhole("recording", "This call is recorded.");
    answers.turnStarted("turn-1");
    callerSpeaking = true;
    synthesised();
    answers.ask("approval-ap-1", "May I cancel order 1042?");

    assertEquals(List.of(GREETING, "recording", "approval-ap-1", "turn-1"),
        answers.takeUnfinished().stream().map(SpokenAnswer::turnId).toList());
  }

  @Test
  void anApprovalsQuestionNotBegunWaitsForTheCallersPauseAndIsNotCut() throws InterruptedException {
    answers.ask("approval-ap-1", "May I cancel order 1042?");
    callerSpeaking = true;
    synthesised();
    answers.tick();
    answers.bargeIn(System.nanoTime());
    assertEquals(List.of(), started, "not begun over the caller");
    assertEquals(List.of(), ended, "nor cut by their voice or a key before it began");

    callerSpeaking = false;
    answers.tick();
    assertEquals(List.of("approval-ap-1"), started);
  }

  @Test
  void theQuestionAskedAgainLeavesTheFirstPlaying() throws InterruptedException {
    answers.ask("approval-ap-1", "May I cancel order 1042?");
    synthesised();
    answers.tick();
    answers.askAfterTheirWords("approval-ap-1-again", "Sorry, I did not catch that. May I cancel order 1042?");

    assertTrue(answers.playing().orElseThrow().started(), "the first plays on, not replaced by one not begun");
    assertEquals(List.of("approval-ap-1", "approval-ap-1-again"),
        answers.takeUnfinished().stream().map(SpokenAnswer::turnId).toList());
  }

  @Test
  void aGreetingBegunIsCutLikeAnAnswer() throws InterruptedException {
    answers.sayWhole(GREETING, "Hello, you are speaking with Acme's virtual assistant.");
    synthesised();
    answers.tick();
    assertEquals(List.of(GREETING), started);

    callerSpeaking = true;
    answers.bargeIn(System.nanoTime());
    assertEquals(new SessionCommand.HoldAnswer(GREETING), session.receiveMessage());
    assertTrue(answers.playing().isEmpty(), "nothing more of it plays");
    assertEquals(List.of(GREETING + " cut"), ended, "its span ends as interrupted, by a voice or a key");
  }

  @Test
  void anAnswerNotBegunIsCutWhenTheCallerSpeaksOverIt() throws InterruptedException {
    answers.turnStarted("turn-1");
    answers.answered("turn-1", "Your order shipped today.");
    callerSpeaking = true;

    answers.bargeIn(System.nanoTime());
    assertEquals(List.of("turn-1 cut"), ended);
    assertEquals(new SessionCommand.HoldAnswer("turn-1"), session.receiveMessage());
    assertEquals(List.of("turn-1"), cutsAsked.interrupted, "stored as heard: nothing");
    assertTrue(answers.playing().isEmpty());
  }

  /** Hands the engine's audio for the sentence under way to the answers, until the engine is done. */
  private void synthesised() throws InterruptedException {
    for (int handed = 0; handed < 3; handed++) {
      Runnable event = fromEngine.poll(5, TimeUnit.SECONDS);
      assertTrue(event != null, "the engine spoke the sentence in time");
      event.run();
    }
  }

  private SpokenAnswers answers() {
    PrometheusRegistry registry = new PrometheusRegistry();
    VoiceMetrics metrics = new VoiceMetrics(registry);
    SessionId id = SessionId.random("acme");
    PremiumSpend spend = new PremiumSpend(new SpeakingTier(new CallEngines(null, engine, engine, null), 1.0, "acme", metrics),
        PremiumVoiceBudget.none(), "call-1", "acme", id.wireId(), metrics, command -> { }, LOG::atLevel);
    spend.tier().joined(Optional.empty(), 0);
    AnswerCuts cuts = new AnswerCuts(session.ref(), testKit.system(), output.ref(), metrics, "acme", cutsAsked, LOG::atLevel);
    CallerWait wait = new CallerWait(metrics, new VoiceTurnSpans(Tracing.off(), id, "call-1", "phone"), "acme");
    return new SpokenAnswers(8_000, 100, output.ref(), spend, cuts, wait, TRANSCRIPT_WAIT, new SpokenAnswers.Call() {
      @Override
      public void tickEveryFrame() {}

      @Override
      public void stopTicking() {}

      @Override
      public SpeechListener listener(String turnId, int sentence) {
        return SpeechListener.of(
            chunk -> fromEngine.add(() -> answers.synthesized(turnId, sentence, chunk, System.nanoTime())),
            failure -> fromEngine.add(() -> answers.sentenceEnded(turnId, sentence, failure)));
      }

      @Override
      public void started(String turnId, long atNanos) {
        started.add(turnId);
      }

      @Override
      public void ended(String turnId, boolean completed) {
        ended.add(turnId + (completed ? " completed" : " cut"));
      }

      @Override
      public boolean callerSpeaking() {
        return callerSpeaking;
      }

      @Override
      public boolean callerHasTheFloor() {
        return callerSpeaking || wordsPending;
      }
    }, LOG::atLevel);
  }
}
