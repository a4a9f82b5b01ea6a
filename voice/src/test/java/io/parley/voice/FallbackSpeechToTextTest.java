package io.parley.voice;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.voice.TierNode.PATIENT;
import static io.parley.voice.TierNode.TENANT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import io.parley.core.testing.ClassResource;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.speech.RecognitionStream;
import io.parley.sessions.resilience.BreakerSettings;
import io.parley.sessions.resilience.DependencyBreakers.State;
import io.parley.voice.premium.OpenAiTranscription;
import io.parley.voice.premium.OpenAiTranscription.ResponseFormat;
import io.parley.voice.premium.PremiumEndpoint;
import io.parley.voice.testing.FakeTranscriptionServer;
import io.parley.voice.testing.FakeTranscriptionServer.Reply;
import io.parley.voice.testing.LogCapture;
import io.parley.voice.testing.StandInSpeechToText;
import io.parley.voice.testing.StandInTextToSpeech;
import io.parley.voice.testing.TranscriptRecorder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The speech-to-text tier: the real OpenAI client against the fake transcription service, and a
 * stand-in local engine whose transcripts name what it heard (the local engines' own tests run them).
 */
class FallbackSpeechToTextTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final int FRAME = 320;
  private static final int NARROW_FRAME = 160;

  private final TierNode node = new TierNode("stt");
  @AutoClose
  private final FakeTranscriptionServer server = FakeTranscriptionServer.start();
  @AutoClose
  private final StandInSpeechToText local = new StandInSpeechToText();
  private final TranscriptRecorder transcripts = new TranscriptRecorder();
  @AutoClose
  private OpenAiTranscription premium;

  @Test
  void aHealthyPremiumEngineTranscribesEveryUtterance() {
    RecognitionStream call = tier(PATIENT, server.baseUrl(), Duration.ofSeconds(5)).open(transcripts);

    utterance(call, 10);
    utterance(call, 20);

    assertEquals("heard 200 ms", transcripts.nextTranscript().text());
    assertEquals("heard 400 ms", transcripts.nextTranscript().text());
    assertTrue(local.utterances().isEmpty());
    assertEquals(0.0, node.fallbacks(), "the series is there from the start");
  }

  @Test
  void aCallOfATenantWhoseBudgetIsSpentIsHeardByTheLocalEngineAlone() {
    FallbackSpeechToText tier = tier(PATIENT, server.baseUrl(), Duration.ofSeconds(5));
    CallEngines node = new CallEngines(tier, new StandInTextToSpeech(), new StandInTextToSpeech(),
        EnergyVoiceActivity.defaults(16_000));

    assertEquals("openai>local", node.forTenant(TENANT, false).speechToText().name(), "within its budget: premium first");
    RecognitionStream call = node.forTenant(TENANT, true).speechToText().open(transcripts, 16_000);
    utterance(call, 10);
    assertEquals("local heard 200 ms", transcripts.nextTranscript().text());
    assertEquals(List.of(), server.uploads(), "nothing was sent to the premium engine");
  }

  @Test
  void anUtteranceThePremiumEngineFailsOnIsTranscribedLocallyAndTheNextGoesBackToPremium() {
    server.enqueue(Reply.transcript("one"), Reply.error(500, "The server had an error"));
    FallbackSpeechToText tier = tier(PATIENT, server.baseUrl(), Duration.ofSeconds(5));
    tier.forTenant("globex"); // another tenant's call on this node
    RecognitionStream call = tier.open(transcripts);

    utterance(call, 10);
    assertEquals("one", transcripts.nextTranscript().text());
    short[] second = utterance(call, 20);
    assertEquals("local heard 400 ms", transcripts.nextTranscript().text(), "no turn is lost");
    utterance(call, 30);
    assertEquals("heard 600 ms", transcripts.nextTranscript().text());

    assertArrayEquals(second, local.utterances().get(0), "the local engine heard the utterance whole");
    assertEquals(1.0, node.fallbacks());
    assertEquals(0.0, node.fallbacks("globex"), "another tenant's calls count apart");
    assertEquals(3, server.uploads().size());
    assertEquals(1_200, call.takeBilledMillis(), "every frame the premium engine was sent, the failed utterance's too");
    assertEquals(0, call.takeBilledMillis(), "taken once");
    assertFalse(transcripts.overlapped());
  }

  @Test
  void aPauseTheLocalEngineHearsInTheLiveUtteranceIsPassedOn() throws IOException {
    BreakerSettings opensAtOnce = new BreakerSettings(1, Duration.ofSeconds(10), Duration.ofSeconds(30));
    RecognitionStream call = tier(opensAtOnce, URI.create("http://127.0.0.1:" + freePort() + "/v1"), Duration.ofSeconds(5))
        .open(transcripts);
    utterance(call, 10);
    assertEquals("local heard 200 ms", transcripts.nextTranscript().text());

    speak(call, 10, 20);
    local.hearPause();
    transcripts.nextPause();
    call.endUtterance();
    assertEquals("local heard 200 ms", transcripts.nextTranscript().text(), "the utterance still ends once");
  }

  @Test
  void anUnreachablePremiumEngineLeavesEveryTurnToTheLocalOne() throws IOException {
    RecognitionStream call = tier(PATIENT, URI.create("http://127.0.0.1:" + freePort() + "/v1"), Duration.ofSeconds(5))
        .open(transcripts);

    utterance(call, 10);
    utterance(call, 20);

    assertEquals("local heard 200 ms", transcripts.nextTranscript().text());
    assertEquals("local heard 400 ms", transcripts.nextTranscript().text());
    assertEquals(2.0, node.fallbacks());
  }

  @Test
  void aPremiumEngineThatDoesNotAnswerInTimeIsReplacedForThatUtterance() {
    server.enqueue(Reply.hang());
    RecognitionStream call = tier(PATIENT, server.baseUrl(), Duration.ofMillis(300)).open(transcripts);

    utterance(call, 10);

    assertEquals("local heard 200 ms", transcripts.nextTranscript().text());
    assertEquals(1.0, node.fallbacks());
  }

  @Test
  void theBreakersCallTimeoutBoundsAPremiumEngineWithALongerOne() {
    server.enqueue(Reply.hang());
    BreakerSettings impatient = new BreakerSettings(3, Duration.ofMillis(300), Duration.ofSeconds(30));
    RecognitionStream call = tier(impatient, server.baseUrl(), Duration.ofSeconds(30)).open(transcripts);
    long start = System.nanoTime();

    utterance(call, 10);

    assertEquals("local heard 200 ms", transcripts.nextTranscript().text());
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
  }

  @Test
  void aFailureWhileTheCallerSpeaksMovesTheUtteranceInProgressToTheLocalEngine() {
    server.enqueue(Reply.late(Duration.ofMillis(300), Reply.error(503, "overloaded")));
    RecognitionStream call = tier(PATIENT, server.baseUrl(), Duration.ofSeconds(5)).open(transcripts);

    utterance(call, 10);
    short[] before = speak(call, 10, 2); // sent to premium, which has not failed yet
    assertEquals("local heard 200 ms", transcripts.nextTranscript().text()); // the first upload failed meanwhile
    short[] after = speak(call, 15, 3); // now live to the local engine
    call.endUtterance();

    assertEquals("local heard 500 ms", transcripts.nextTranscript().text(), "the part said before the failure was replayed");
    short[] heard = local.utterances().get(1);
    assertArrayEquals(before, Arrays.copyOfRange(heard, 0, before.length));
    assertArrayEquals(after, Arrays.copyOfRange(heard, before.length, heard.length));
    assertEquals(1, server.uploads().size(), "the second utterance never reached premium");
    assertEquals(2.0, node.fallbacks());
  }

  @Test
  void anOpenBreakerSendsUtterancesStraightToTheLocalEngineUntilItClosesAgain() throws InterruptedException {
    server.enqueue(Reply.error(500, "down"), Reply.error(500, "down"));
    BreakerSettings quick = new BreakerSettings(2, Duration.ofSeconds(10), Duration.ofMillis(500));
    RecognitionStream call = tier(quick, server.baseUrl(), Duration.ofSeconds(5)).open(transcripts);

    utterance(call, 10);
    assertEquals("local heard 200 ms", transcripts.nextTranscript().text());
    utterance(call, 10);
    assertEquals("local heard 200 ms", transcripts.nextTranscript().text());
    awaitState(State.OPEN);

    utterance(call, 20);
    assertEquals("local heard 400 ms", transcripts.nextTranscript().text());
    assertEquals(2, server.uploads().size(), "nothing reached premium while its breaker was open");

    Thread.sleep(600); // past the reset timeout: the next utterance is the trial
    utterance(call, 30);
    assertEquals("heard 600 ms", transcripts.nextTranscript().text());
    assertEquals(State.CLOSED, node.breakerState());
    assertEquals(3.0, node.fallbacks());
    assertEquals(1_000, call.takeBilledMillis(), "the utterance heard only locally while the breaker was open costs nothing");
  }

  @Test
  void transcriptsKeepTheOrderOfTheUtterancesAcrossTheTiers() {
    server.enqueue(Reply.late(Duration.ofMillis(800), Reply.transcript("slow premium")),
        Reply.error(500, "down"), Reply.error(500, "down"));
    FallbackSpeechToText tier = tier(new BreakerSettings(2, Duration.ofSeconds(10), Duration.ofSeconds(30)),
        server.baseUrl(), Duration.ofSeconds(5));
    RecognitionStream call = tier.open(transcripts);
    TranscriptRecorder otherCaller = new TranscriptRecorder();
    RecognitionStream otherCall = tier.open(otherCaller);

    utterance(call, 10); // premium answers it late
    await("the first upload arrived").atMost(Duration.ofSeconds(5)).until(() -> !server.uploads().isEmpty());
    utterance(otherCall, 10); // two failures in another call open the breaker
    otherCaller.nextTranscript();
    utterance(otherCall, 10);
    otherCaller.nextTranscript();
    awaitState(State.OPEN);
    utterance(call, 20); // straight to the local engine, which answers at once

    assertEquals("slow premium", transcripts.nextTranscript().text());
    assertEquals("local heard 400 ms", transcripts.nextTranscript().text());
  }

  @Test
  void aCallLogsItsFirstFallbackAtWarnAndLaterOnesAtDebug() {
    server.enqueue(Reply.error(500, "down"), Reply.error(500, "down"));
    try (LogCapture log = new LogCapture(FallbackRecognitionStream.class)) {
      RecognitionStream call = tier(PATIENT, server.baseUrl(), Duration.ofSeconds(5)).open(transcripts);

      utterance(call, 10);
      transcripts.nextTranscript();
      utterance(call, 10);
      transcripts.nextTranscript();

      assertEquals(1, log.at(Level.WARN).size(), log.at(Level.WARN).toString());
      String warning = log.at(Level.WARN).get(0);
      assertTrue(warning.startsWith("stt: 1 utterance(s) of this call go to local instead of openai: openai: HTTP 500:"
          + " down"), warning);
      assertEquals(1, log.at(Level.DEBUG).size());
    }
  }

  @Test
  void closingTheCallSilencesBothEngines() {
    server.enqueue(Reply.late(Duration.ofMillis(300), Reply.error(500, "down")));
    RecognitionStream call = tier(PATIENT, server.baseUrl(), Duration.ofSeconds(5)).open(transcripts);
    utterance(call, 10);

    call.close();
    call.close();

    transcripts.assertNothingFor(Duration.ofMillis(700));
    assertTrue(local.utterances().isEmpty());
  }

  @Test
  void aPhoneCallGoesToThePremiumEngineAtItsOwnRateAndIsResampledOnlyForTheLocalOne() {
    server.enqueue(Reply.transcript("one"), Reply.error(500, "The server had an error"));
    FallbackSpeechToText tier = tier(PATIENT, server.baseUrl(), Duration.ofSeconds(5));
    assertEquals(8_000, tier.sampleRateFor(8_000), "a phone call's 8 kHz is uploaded as it is");
    assertEquals(16_000, tier.sampleRateFor(48_000), "a browser's 48 kHz at Whisper's own rate");
    assertThrows(IllegalArgumentException.class, () -> tier.open(transcripts, 48_000),
        "a rate the premium engine does not take is a mistake, not an outage to fall back from");
    RecognitionStream call = tier.open(transcripts, 8_000);

    speak(call, 10, 1, NARROW_FRAME);
    call.endUtterance();
    assertEquals("one", transcripts.nextTranscript().text());
    assertEquals(8_000, server.uploads().get(0).sampleRate());
    assertEquals(200, server.uploads().get(0).durationMillis());

    speak(call, 20, 2, NARROW_FRAME);
    call.endUtterance();
    transcripts.nextTranscript();
    assertEquals(20 * FRAME, local.utterances().get(0).length, "resampled to the local engine's 16 kHz");
    assertEquals(600, call.takeBilledMillis(), "billed by the call's own rate");
  }

  private FallbackSpeechToText tier(BreakerSettings settings, URI baseUrl, Duration timeout) {
    premium = new OpenAiTranscription(new PremiumEndpoint(baseUrl, "whisper-1", Optional.empty(), timeout),
        ResponseFormat.VERBOSE_JSON);
    FallbackSpeechToText tier = new FallbackSpeechToText(premium, local, node.breakers(testKit.system(), settings),
        node.voiceFallbacks())
        .forTenant(TENANT);
    assertEquals("openai>local", tier.name());
    return tier;
  }

  /** One utterance of {@code frames} frames of 20 ms, then its end. */
  private static short[] utterance(RecognitionStream call, int frames) {
    short[] samples = speak(call, frames, frames);
    call.endUtterance();
    return samples;
  }

  private static short[] speak(RecognitionStream call, int frames, int seed) {
    return speak(call, frames, seed, FRAME);
  }

  private static short[] speak(RecognitionStream call, int frames, int seed, int frameSamples) {
    short[] all = new short[frames * frameSamples];
    for (int f = 0; f < frames; f++) {
      short[] frame = new short[frameSamples];
      for (int i = 0; i < frameSamples; i++) frame[i] = (short) ((f * frameSamples + i) * 7 + seed * 100);
      System.arraycopy(frame, 0, all, f * frameSamples, frameSamples);
      call.accept(frame);
    }
    return all;
  }

  private void awaitState(State state) {
    await("the breaker became " + state).atMost(Duration.ofSeconds(5)).until(() -> node.breakerState() == state);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
