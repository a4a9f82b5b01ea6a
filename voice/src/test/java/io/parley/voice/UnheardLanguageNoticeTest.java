package io.parley.voice;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.handoff.Handoff;
import io.parley.core.session.Channel;
import io.parley.core.testing.ClassResource;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.testing.StandInSpeechToText;
import io.parley.voice.testing.StandInTextToSpeech;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A browser's voice call in a language the node cannot hear ends its voice after the notice that
 * says so, though the caller spoke over the notice: a voice that cannot hear them would otherwise
 * go on. A voice call on the stand-in engines (the recogniser hearing English only) and the energy
 * detector, its session a probe, the caller's audio fed at the pace they speak.
 */
class UnheardLanguageNoticeTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final int RATE = PacedCaller.RATE;

  private final StandInSpeechToText english = new StandInSpeechToText();
  private final StandInTextToSpeech voice = new StandInTextToSpeech();
  private final TestProbe<SessionCommand> session = testKit.createTestProbe();
  private final List<VoiceOutput> said = new CopyOnWriteArrayList<>();
  private volatile ActorRef<VoiceCall.Command> call;

  @AfterEach
  void close() {
    english.close();
    voice.close();
  }

  @Test
  void aCallerWhoSpeaksOverTheNoticeThatTheirLanguageIsNotHeardHasTheirVoiceEndedStill() throws Exception {
    call = browserCallIn("ja");
    await("the notice began").until(() -> said.contains(new VoiceOutput.SpeakingStarted(CallLanguage.NOTICE)));

    // Longer than a backchannel: the caller speaks over it and cuts it.
    new PacedCaller(call).speak(Duration.ofMillis(2_000));
    await("the voice ended").until(() -> said.contains(new VoiceOutput.Ended("language_unsupported")));
    assertTrue(said.contains(new VoiceOutput.SpeakingStopped(CallLanguage.NOTICE, VoiceOutput.SpeakingStopped.BARGE_IN)),
        "the caller cut the notice: " + said);
  }

  /** A browser's voice call on the stand-in engines, joined to a new session of acme in {@code language}. */
  private ActorRef<VoiceCall.Command> browserCallIn(String language) throws Exception {
    return TestVoiceCalls.joined(testKit, new CallEngines(hearingEnglishOnly(), voice, voice,
        EnergyVoiceActivity.defaults(RATE)), Channel.VOICE, session, testKit.spawn(browser()), id -> new SessionInfo(
            id.wireId(), id.tenant(), Optional.empty(), Channel.VOICE, SessionStatus.OPEN, 0, Instant.now(), Handoff.bot(),
            Optional.empty(), 0, Optional.of(language))).call();
  }

  /** The browser's end of the call: keeps what it is told, and says how much of an answer cut it played. */
  private Behavior<VoiceOutput> browser() {
    return Behaviors.receive(VoiceOutput.class).onAnyMessage(message -> {
      said.add(message);
      if (message instanceof VoiceOutput.SpeakingStopped stopped
          && stopped.reason().equals(VoiceOutput.SpeakingStopped.BARGE_IN)) {
        call.tell(new VoiceCall.Played(stopped.turnId(), 400, true));
      }
      return Behaviors.same();
    }).build();
  }

  /** The stand-in recogniser, which hears English only. */
  private SpeechToText hearingEnglishOnly() {
    return new SpeechToText() {
      @Override
      public String name() {
        return english.name();
      }

      @Override
      public int sampleRate() {
        return english.sampleRate();
      }

      @Override
      public RecognitionStream open(TranscriptListener listener, int sampleRate) {
        return english.open(listener, sampleRate);
      }

      @Override
      public boolean hears(String language) {
        return language.equals("en");
      }
    };
  }
}
