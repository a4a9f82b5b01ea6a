package io.parley.voice;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.VoicePreferences.Recording;
import io.parley.core.session.Channel;
import io.parley.core.testing.ClassResource;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.testing.StandInTextToSpeech;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An approval the session asks for while the caller is speaking: its question waits for their
 * pause, and what they were saying, though transcribed after the question began, is their message
 * rather than its answer ("No, I meant the other order" refuses nothing); their words after it
 * decide it, while an "okay" over it decides nothing. A phone call on the stand-in voice and the energy detector, its recogniser
 * transcribing when the test says, its session a probe, the caller's audio fed at their pace.
 */
class ApprovalAskedOverTheCallerTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private static final String QUESTION = "approval-ap-1";
  private final ActorTestKit testKit = kit.get();

  private final SlowRecogniser recogniser = new SlowRecogniser();
  private final StandInTextToSpeech voice = new StandInTextToSpeech();
  private final TestProbe<SessionCommand> session = testKit.createTestProbe();
  /** What the call sent its edge, in order. */
  private final List<VoiceOutput> said = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    voice.close();
  }

  @Test
  void wordsBegunBeforeTheQuestionAreAMessageAndTheAnswerAfterItDecides() throws Exception {
    TestVoiceCalls.Joined call = phoneCall();
    PacedCaller caller = new PacedCaller(call.call());
    caller.speak(Duration.ofMillis(600));
    call.updates().tell(SpokenApprovalsTest.pending("ap-1", "en"));
    caller.speak(Duration.ofMillis(600));
    assertFalse(said.contains(new VoiceOutput.SpeakingStarted(QUESTION)), "not begun over the caller");
    caller.pause(Duration.ofMillis(1_500));
    await("the question began once the caller paused").until(() -> said.contains(new VoiceOutput.SpeakingStarted(QUESTION)));

    recogniser.transcribe("No, I meant the other order.");
    SessionCommand first = session.fishForMessage(Duration.ofSeconds(5), command ->
        command instanceof SessionCommand.PostUserMessage || command instanceof SessionCommand.DecideApproval
            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).getLast();
    assertEquals("No, I meant the other order.", assertInstanceOf(SessionCommand.PostUserMessage.class, first,
        "begun before the question: the caller's message, no answer").text());

    caller.speak(Duration.ofMillis(600));
    caller.pause(Duration.ofMillis(1_500));
    recogniser.transcribe("Yes, go ahead.");
    assertTrue(decision().approved(), "the words after the question decide it");
  }

  @Test
  void wordsBegunAsTheQuestionBeginsAreAMessageForTheCallerCouldNotHaveHeardIt() throws Exception {
    TestVoiceCalls.Joined call = phoneCall();
    PacedCaller caller = new PacedCaller(call.call());
    long voiceReached = System.nanoTime();
    caller.speak(Duration.ofMillis(100));
    call.updates().tell(SpokenApprovalsTest.pending("ap-1", "en"));
    await("the question began").until(() -> said.contains(new VoiceOutput.SpeakingStarted(QUESTION)));
    // The rest of their voice reached the node right behind its first 100 ms, as the question began;
    // the call hears it as speech only once it lasted 200 ms, and dates it back that far.
    caller.speakReceivedFrom(voiceReached + 100_000_000, Duration.ofMillis(500));
    caller.pause(Duration.ofMillis(1_500));
    recogniser.transcribe("No, I meant the other order.");

    SessionCommand first = session.fishForMessage(Duration.ofSeconds(5), command ->
        command instanceof SessionCommand.PostUserMessage || command instanceof SessionCommand.DecideApproval
            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore()).getLast();
    assertInstanceOf(SessionCommand.PostUserMessage.class, first, "no answer to a question not heard yet");
  }

  @Test
  void anOkayOverTheQuestionDecidesNothingAndTheAnswerAfterItDoes() throws Exception {
    PacedCaller caller = new PacedCaller(phoneCallAsked().call());
    await("the question began").until(() -> said.contains(new VoiceOutput.SpeakingStarted(QUESTION)));
    caller.pause(Duration.ofMillis(300));
    caller.speak(Duration.ofMillis(500));
    caller.pause(Duration.ofMillis(1_000));
    await("the question said to its end").atMost(Duration.ofSeconds(10))
        .until(() -> said.contains(new VoiceOutput.SpeakingStopped(QUESTION, VoiceOutput.SpeakingStopped.DONE)));
    caller.speak(Duration.ofMillis(500));
    caller.pause(Duration.ofMillis(1_000));

    // "Okay" over the summary acknowledged it: a backchannel over the bot, no consent, though it is
    // transcribed only after the caller began their answer, with the bot quiet.
    recogniser.transcribe("Okay.");
    recogniser.transcribe("No.");
    assertFalse(decision().approved(), "the answer after the question decides it");
  }

  /** A phone call on the stand-in voice, joined to a session without recording, that asks for approval ap-1. */
  private TestVoiceCalls.Joined phoneCallAsked() throws Exception {
    TestVoiceCalls.Joined call = phoneCall();
    call.updates().tell(SpokenApprovalsTest.pending("ap-1", "en"));
    return call;
  }

  private TestVoiceCalls.Joined phoneCall() throws Exception {
    return TestVoiceCalls.joined(testKit,
        new CallEngines(recogniser, voice, voice, EnergyVoiceActivity.defaults(PacedCaller.RATE)), Channel.PHONE, session,
        testKit.spawn(edge()), id -> RecordingConsentTest.session(id.wireId(), Recording.OFF));
  }

  /** The caller's decision the call told the session. */
  private SessionCommand.DecideApproval decision() {
    SessionCommand.DecideApproval decided = (SessionCommand.DecideApproval) session.fishForMessage(Duration.ofSeconds(5),
        command -> command instanceof SessionCommand.DecideApproval ? FishingOutcomes.complete()
            : FishingOutcomes.continueAndIgnore()).getLast();
    assertEquals("ap-1", decided.approvalId());
    return decided;
  }

  /** The call's edge, which keeps what it is sent. */
  private Behavior<VoiceOutput> edge() {
    return Behaviors.receive(VoiceOutput.class).onAnyMessage(message -> {
      said.add(message);
      return Behaviors.same();
    }).build();
  }
}
