package io.parley.voice;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.bot.VoicePreferences.Recording;
import io.parley.core.session.Channel;
import io.parley.core.testing.ClassResource;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionEvent.RecordingConsentNoted;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.testing.StandInTextToSpeech;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A caller who answers the recording's question unclearly and, before that is transcribed, speaks
 * again: the question asked again waits for their words to be transcribed, so their "yes" answers
 * it rather than being sent to the bot as a message, and the question is not asked again at all.
 * A voice call on the stand-in voice and the energy detector, its recogniser transcribing when the
 * test says (a slow engine), its session a probe, the caller's audio fed at the pace they speak.
 */
class RecordingQuestionAskedAgainTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final int RATE = PacedCaller.RATE;

  private final SlowRecogniser recogniser = new SlowRecogniser();
  private final StandInTextToSpeech voice = new StandInTextToSpeech();
  private final TestProbe<SessionCommand> session = testKit.createTestProbe();
  /** What the call sent its edge, in order. */
  private final List<VoiceOutput> said = new CopyOnWriteArrayList<>();
  private ActorRef<VoiceCall.Command> call;

  @AfterEach
  void close() {
    voice.close();
  }

  @Test
  void aYesSpokenBeforeTheUnclearAnswerIsTranscribedAnswersTheQuestionAskedAgain() throws Exception {
    call = phoneCallThatAsksToRecord();
    await("the question began").until(() -> said.contains(new VoiceOutput.SpeakingStarted(RecordingConsent.KEY)));

    PacedCaller caller = new PacedCaller(call);
    // They answer once they have heard some of it.
    caller.pause(Duration.ofMillis(300));
    caller.speak(Duration.ofMillis(800));
    caller.pause(Duration.ofMillis(1_500));
    caller.speak(Duration.ofMillis(800));
    caller.pause(Duration.ofMillis(1_500));
    recogniser.transcribe("What is that about?");
    // With nothing of the caller's left to hear, the question asked again would begin now.
    caller.pause(Duration.ofMillis(500));
    recogniser.transcribe("Oh, yes, that's fine.");
    caller.pause(Duration.ofMillis(1_000));

    assertFalse(said.contains(new VoiceOutput.SpeakingStarted(RecordingConsent.AGAIN)),
        "answered before it began: not asked again");
    List<SessionCommand> told = session.fishForMessage(Duration.ofSeconds(5), command ->
        command instanceof SessionCommand.NoteRecordingConsent noted && !noted.consent().equals(RecordingConsentNoted.ASKED)
            ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    assertEquals(RecordingConsentNoted.GIVEN, ((SessionCommand.NoteRecordingConsent) told.getLast()).consent());
    assertTrue(told.stream().noneMatch(command -> command instanceof SessionCommand.PostUserMessage),
        "the caller's answer is no message for the bot: " + told);
  }

  /** A phone call on the stand-in voice, joined to a session whose configuration asks to record. */
  private ActorRef<VoiceCall.Command> phoneCallThatAsksToRecord() throws Exception {
    return TestVoiceCalls.joined(testKit, new CallEngines(recogniser, voice, voice, EnergyVoiceActivity.defaults(RATE)),
        Channel.PHONE, session, testKit.spawn(edge()), id -> RecordingConsentTest.session(id.wireId(), Recording.ASK))
        .call();
  }

  /** The call's edge, which keeps what it is sent. */
  private Behavior<VoiceOutput> edge() {
    return Behaviors.receive(VoiceOutput.class).onAnyMessage(message -> {
      said.add(message);
      return Behaviors.same();
    }).build();
  }
}
