package io.parley.voice;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.voice.TierNode.PATIENT;
import static io.parley.voice.TierNode.TENANT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.parley.core.testing.ClassResource;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.sessions.resilience.BreakerSettings;
import io.parley.sessions.resilience.DependencyBreakers.State;
import io.parley.voice.premium.OpenAiSpeech;
import io.parley.voice.premium.PremiumEndpoint;
import io.parley.voice.testing.FakeSpeechServer;
import io.parley.voice.testing.FakeSpeechServer.Reply;
import io.parley.voice.testing.LogCapture;
import io.parley.voice.testing.SpeechRecorder;
import io.parley.voice.testing.StandInTextToSpeech;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The text-to-speech tier: the real OpenAI client against the fake speech service, and a stand-in
 * local engine whose audio and requests the test reads (the local engines' own tests run them).
 */
class FallbackTextToSpeechTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final String SENTENCE = "Your refund is on its way.";

  private final TierNode node = new TierNode("tts");
  @AutoClose
  private final FakeSpeechServer server = FakeSpeechServer.start();
  @AutoClose
  private final StandInTextToSpeech local = new StandInTextToSpeech();
  private final SpeechRecorder speech = new SpeechRecorder();
  @AutoClose
  private OpenAiSpeech premium;

  @Test
  void aHealthyPremiumEngineSpeaksEverySentence() {
    speakTheSentence(tier(PATIENT, Duration.ofSeconds(5)));
    assertArrayEquals(FakeSpeechServer.audioFor(SENTENCE, OpenAiSpeech.SAMPLE_RATE), speech.samples());
    assertTrue(local.requests().isEmpty());
    assertEquals(0.0, node.fallbacks());
    assertFalse(speech.brokeTheContract());
  }

  @Test
  void aRefusedSentenceIsSpokenByTheLocalEngineInItsOwnVoice() {
    server.enqueue(Reply.error(500, "{\"error\":{\"message\":\"The server had an error\"}}"));
    FallbackTextToSpeech tier = tier(PATIENT, Duration.ofSeconds(5));
    tier.forTenant("globex"); // another tenant's call on this node

    tier.speak(new SpeechRequest(SENTENCE, Optional.of("nova"), 1.2), speech);

    speech.awaitDone();
    assertArrayEquals(FakeSpeechServer.audioFor(SENTENCE, StandInTextToSpeech.SAMPLE_RATE), speech.samples());
    assertTrue(speech.chunks().stream().allMatch(chunk -> chunk.sampleRate() == StandInTextToSpeech.SAMPLE_RATE));
    assertEquals(new SpeechRequest(SENTENCE, Optional.empty(), 1.2), local.requests().get(0),
        "a premium voice means nothing to the local engine; the speed stays");
    assertEquals(1.0, node.fallbacks());
    assertEquals(0.0, node.fallbacks("globex"), "another tenant's calls count apart");
    assertFalse(speech.brokeTheContract());
  }

  @Test
  void aStreamBrokenMidSentenceIsSpokenAgainWholeByTheLocalEngineAndSaysSo() {
    server.enqueue(Reply.audio().droppingAfter(2));
    try (LogCapture log = new LogCapture(FallbackSynthesis.class)) {
      speakTheSentence(tier(PATIENT, Duration.ofSeconds(5)));
      List<AudioChunk> chunks = speech.chunks();
      int firstLocal = indexOfFirstChunkAt(chunks, StandInTextToSpeech.SAMPLE_RATE);
      assertTrue(firstLocal > 0, "some premium audio went out first");
      assertTrue(chunks.subList(0, firstLocal).stream().allMatch(chunk -> chunk.sampleRate() == OpenAiSpeech.SAMPLE_RATE));
      short[] localAudio = concat(chunks.subList(firstLocal, chunks.size()));
      assertArrayEquals(FakeSpeechServer.audioFor(SENTENCE, StandInTextToSpeech.SAMPLE_RATE), localAudio,
          "the local engine spoke the whole sentence, from its start");
      assertFalse(speech.brokeTheContract());
      assertEquals(1, log.at(Level.WARN).size());
      assertTrue(log.at(Level.WARN).get(0).matches("tts: openai failed after \\d+ ms of the sentence's audio \\(.*\\);"
          + " local speaks the whole sentence again from its start"), log.at(Level.WARN).get(0));
    }
  }

  @Test
  void aPremiumEngineThatStallsPastTheBreakersCallTimeoutIsReplaced() {
    server.enqueue(Reply.audio().stallingAfter(1));
    BreakerSettings impatient = new BreakerSettings(3, Duration.ofMillis(400), Duration.ofSeconds(30));

    speakTheSentence(tier(impatient, Duration.ofSeconds(30)));
    assertEquals(1.0, node.fallbacks());
    assertEquals(1, local.requests().size());
  }

  @Test
  void anOpenBreakerSendsSentencesStraightToTheLocalEngine() {
    FallbackTextToSpeech tier = tierAfterTwoFailures(Duration.ofSeconds(30));
    await("the breaker opened").atMost(Duration.ofSeconds(5)).until(() -> node.breakerState() == State.OPEN);
    // Counted once the breaker is open, not inferred from the failures that opened it: what matters
    // is that nothing reaches premium from then on.
    int premiumCalls = server.calls().size();

    speakTheSentence(tier);
    assertEquals(premiumCalls, server.calls().size(), "nothing reached premium while its breaker was open");
    assertEquals(3, local.requests().size());
    assertEquals(3.0, node.fallbacks());
  }

  @Test
  void aBreakerThatOpenedClosesAgainOnceThePremiumEngineSpeaksWhole() {
    FallbackTextToSpeech tier = tierAfterTwoFailures(Duration.ofMillis(300));
    await("the breaker let a trial through").atMost(Duration.ofSeconds(5))
        .until(() -> node.breakerState() == State.HALF_OPEN);

    speakTheSentence(tier);
    assertArrayEquals(FakeSpeechServer.audioFor(SENTENCE, OpenAiSpeech.SAMPLE_RATE), speech.samples(), "the trial spoke");
    await("the breaker closed after its trial").atMost(Duration.ofSeconds(5))
        .until(() -> node.breakerState() == State.CLOSED);
  }

  @Test
  void cancelWhilePremiumSpeaksStopsItAndNothingFollows() {
    server.enqueue(Reply.audio().holdingAfter(1));
    Synthesis synthesis = tier(PATIENT, Duration.ofSeconds(5)).speak(SpeechRequest.of(SENTENCE), speech);
    speech.awaitFirstChunk();

    synthesis.cancel();
    server.release();

    await("the server noticed the client had gone").atMost(Duration.ofSeconds(5))
        .until(() -> server.clientsGone() == 1);
    assertFalse(speech.ended());
    assertTrue(local.requests().isEmpty());
    assertEquals(0.0, node.fallbacks());
  }

  /** Has {@code tier} speak the sentence to the test's recorder, to its end. */
  private void speakTheSentence(FallbackTextToSpeech tier) {
    tier.speak(SpeechRequest.of(SENTENCE), speech);
    speech.awaitDone();
  }

  private FallbackTextToSpeech tier(BreakerSettings settings, Duration timeout) {
    premium = new OpenAiSpeech(new PremiumEndpoint(server.baseUrl(), "tts-1", Optional.of("sk-test"), timeout), "alloy");
    FallbackTextToSpeech tier = new FallbackTextToSpeech(premium, local, node.breakers(testKit.system(), settings),
        node.voiceFallbacks())
        .forTenant(TENANT);
    assertEquals("openai>local", tier.name());
    return tier;
  }

  /**
   * A tier whose breaker opens after two failures, once premium refused two sentences (each spoken
   * locally); the breaker lets a trial through {@code resetTimeout} later.
   */
  private FallbackTextToSpeech tierAfterTwoFailures(Duration resetTimeout) {
    server.enqueue(Reply.error(503, "{}"), Reply.error(503, "{}"));
    FallbackTextToSpeech tier = tier(new BreakerSettings(2, Duration.ofSeconds(10), resetTimeout), Duration.ofSeconds(5));
    for (int i = 0; i < 2; i++) {
      SpeechRecorder failed = new SpeechRecorder();
      tier.speak(SpeechRequest.of(SENTENCE), failed);
      failed.awaitDone();
    }
    return tier;
  }

  private static int indexOfFirstChunkAt(List<AudioChunk> chunks, int sampleRate) {
    for (int i = 0; i < chunks.size(); i++) {
      if (chunks.get(i).sampleRate() == sampleRate) return i;
    }
    return -1;
  }

  private static short[] concat(List<AudioChunk> chunks) {
    short[] all = new short[0];
    for (AudioChunk chunk : chunks) {
      int at = all.length;
      all = Arrays.copyOf(all, at + chunk.samples().length);
      System.arraycopy(chunk.samples(), 0, all, at, chunk.samples().length);
    }
    return all;
  }
}
