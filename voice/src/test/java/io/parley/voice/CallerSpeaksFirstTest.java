package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.session.Channel;
import io.parley.core.testing.ClassResource;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionStatus;
import io.parley.sessions.entity.SessionCommand;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import io.parley.voice.testing.StandInSpeechToText;
import io.parley.voice.testing.StandInTextToSpeech;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.FishingOutcomes;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A phone caller who speaks before the greeting's first audio (its synthesis still under way, held
 * here by the test) hears it once they pause, whole, instead of having it cut unheard: a voice call
 * on stand-in engines and the energy detector, its session a probe, the caller's audio fed at the
 * pace they speak.
 */
class CallerSpeaksFirstTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final int RATE = PacedCaller.RATE;
  private static final String GREETING = SessionCommand.PostGreeting.GREETING;

  private final StandInSpeechToText recogniser = new StandInSpeechToText();
  private final StandInTextToSpeech voice = new StandInTextToSpeech();
  private final HeldSpeech held = new HeldSpeech();
  private final TestProbe<SessionCommand> session = testKit.createTestProbe();
  private final TestProbe<VoiceOutput> output = testKit.createTestProbe();
  private ActorRef<VoiceCall.Command> call;

  @AfterEach
  void close() {
    held.close();
    recogniser.close();
    voice.close();
  }

  @Test
  void theGreetingWaitsForACallerWhoSpeaksBeforeItBeginsAndIsNotCut() throws Exception {
    call = phoneCall();
    call.tell(new VoiceCall.Greet("Hello, you are speaking with Acme's virtual assistant.", false));

    // Long enough to barge in (no words heard: the backchannel bound), while the greeting is synthesised.
    PacedCaller caller = new PacedCaller(call);
    caller.speak(Duration.ofMillis(1_800));
    held.release();
    caller.speak(Duration.ofMillis(600));
    output.expectNoMessage(Duration.ofMillis(300)); // nothing begins over the caller

    caller.pause(Duration.ofMillis(1_500));
    output.fishForMessage(Duration.ofSeconds(10), said -> said.equals(new VoiceOutput.SpeakingStarted(GREETING))
        ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    List<SessionCommand> told = session.fishForMessage(Duration.ofSeconds(5), command ->
        command instanceof SessionCommand.PostGreeting ? FishingOutcomes.complete() : FishingOutcomes.continueAndIgnore());
    assertEquals("Hello, you are speaking with Acme's virtual assistant.",
        ((SessionCommand.PostGreeting) told.getLast()).text(), "stored once it began to play");
    assertTrue(told.stream().noneMatch(command -> command instanceof SessionCommand.HoldAnswer
        || command instanceof SessionCommand.InterruptAnswer), "the greeting was not cut: " + told);
  }

  /** A phone call on the stand-in engines, joined to a new session of {@code acme} without a configuration. */
  private ActorRef<VoiceCall.Command> phoneCall() throws Exception {
    return TestVoiceCalls.joined(testKit, new CallEngines(recogniser, held, held, EnergyVoiceActivity.defaults(RATE)),
        Channel.PHONE, session, output.ref(), id -> new SessionInfo(id.wireId(), id.tenant(), Optional.of("caller-hash"),
            Channel.PHONE, SessionStatus.OPEN, 0, Instant.now(), null, Optional.empty(), 0, Optional.empty())).call();
  }

  /** The stand-in voice, whose syntheses begin only once the test {@link #release}s them: a slow engine. */
  private final class HeldSpeech implements TextToSpeech, AutoCloseable {
    private final CountDownLatch released = new CountDownLatch(1);
    private final ExecutorService waiting = Executors.newCachedThreadPool();

    @Override
    public String name() {
      return "local";
    }

    @Override
    public Synthesis speak(SpeechRequest request, SpeechListener listener) {
      AtomicBoolean cancelled = new AtomicBoolean();
      List<Synthesis> begun = new ArrayList<>();
      waiting.execute(() -> {
        try {
          released.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          return;
        }
        synchronized (begun) {
          if (!cancelled.get()) begun.add(voice.speak(request, listener));
        }
      });
      return () -> {
        synchronized (begun) {
          cancelled.set(true);
          begun.forEach(Synthesis::cancel);
        }
      };
    }

    void release() {
      released.countDown();
    }

    @Override
    public void close() {
      waiting.shutdownNow();
    }
  }
}
