package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.parley.core.session.SessionId;
import io.parley.core.testing.ClassResource;
import io.parley.core.testing.MetricSamples;
import io.parley.core.trace.Tracing;
import io.parley.persistence.onnx.OnnxRuntimeGate;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.resilience.BreakerSettings;
import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.voice.local.SileroVoiceActivity;
import io.parley.voice.media.EnergyVoiceActivity;
import io.parley.voice.media.VoiceActivityDetector;
import io.parley.voice.premium.OpenAiTranscription.ResponseFormat;
import io.parley.voice.premium.OpenAiTranscription;
import io.parley.voice.premium.PremiumEndpoint;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.testing.FakeTranscriptionServer.Reply;
import io.parley.voice.testing.FakeTranscriptionServer;
import io.parley.voice.testing.LogCapture;
import io.parley.voice.testing.StandInSpeechToText;
import io.parley.voice.testing.StandInTextToSpeech;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node's voice as its calls get it from {@link VoiceCalls}: the voice-activity detector it ends up
 * with, what it tells operators of its engines, and a call heard end to end through it (stand-in
 * local engines, the real OpenAI client against the fake transcription service).
 */
class VoiceCallsTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final int RATE = 16_000;

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final StandInSpeechToText localStt = new StandInSpeechToText();
  private final StandInTextToSpeech localTts = new StandInTextToSpeech();
  private final FakeTranscriptionServer transcriptions = FakeTranscriptionServer.start();
  private OpenAiTranscription premium;
  private VoiceCalls calls;

  @AfterEach
  void close() {
    if (calls != null) calls.close();
    if (premium != null) premium.close();
    localStt.close();
    localTts.close();
    transcriptions.close();
  }

  @Test
  void aSileroModelOnnxRuntimeCannotLoadLeavesTheNodeOnTheEnergyDetectorAndItsCallsAreHeard() throws Exception {
    VoiceSettings settings = settings(Map.of()); // silero, the default
    byte[] corrupt = "not an onnx model".getBytes(StandardCharsets.UTF_8);
    try (LogCapture log = new LogCapture(VoiceCalls.class)) {
      calls = ready(settings, vad -> VoiceCalls.voiceActivity(vad, () -> SileroVoiceActivity.load(corrupt, OnnxRuntimeGate.jvm(), EnergyVoiceActivity.defaults(16_000))), localStt);

      List<String> warnings = log.at(Level.WARN);
      assertEquals(1, warnings.size(), warnings.toString());
      assertTrue(warnings.get(0).startsWith("voice activity: Silero VAD could not be loaded (IllegalStateException:"
          + " ONNX Runtime could not load the Silero model, OrtException:"), warnings.get(0));
      assertTrue(warnings.get(0).endsWith("this node's calls use the energy detector (PARLEY_VAD_ENERGY_THRESHOLD 500)"
          + " instead"), warnings.get(0));
      assertTrue(log.at(Level.ERROR).isEmpty(), "voice is not refused");
    }
    assertEquals(1.0, engine("vad", "energy"));
    assertEquals(1.0, engine("stt", "local"));

    TestProbe<VoiceOutput> output = call("acme");
    VoiceOutput.Heard heard = output.expectMessageClass(VoiceOutput.Heard.class, Duration.ofSeconds(10));
    assertTrue(heard.isFinal());
    assertEquals(1, localStt.utterances().size(), "the tone was speech, the silence after it ended the utterance");
  }

  @Test
  void aSileroLoadOnceTheProcessIsStoppingGivesTheEnergyDetectorWithoutAWarning() throws Exception {
    OnnxRuntimeGate closed = new OnnxRuntimeGate();
    assertTrue(closed.close(Duration.ofSeconds(1)));
    // Bytes ONNX Runtime would refuse with a warning: a closed gate never hands them to it.
    byte[] corrupt = "not an onnx model".getBytes(StandardCharsets.UTF_8);
    try (LogCapture log = new LogCapture(VoiceCalls.class)) {
      VoiceActivityDetector vad = VoiceCalls.voiceActivity(settings(Map.of()).vad(),
          () -> SileroVoiceActivity.load(corrupt, closed, EnergyVoiceActivity.defaults(16_000)));

      assertEquals("energy", vad.name());
      assertTrue(log.at(Level.WARN).isEmpty(), log.at(Level.WARN).toString());
      assertEquals(List.of("voice activity: Silero VAD was not loaded as the process is stopping; the energy detector"
          + " stands in"), log.at(Level.INFO));
    }
  }

  @Test
  void anExplicitEnergyDetectorIsUsedWithoutAWarning() {
    try (LogCapture log = new LogCapture(VoiceCalls.class)) {
      VoiceActivityDetector vad = VoiceCalls.voiceActivity(settings(Map.of("PARLEY_VAD_ENGINE", "energy")).vad(),
          () -> {
            throw new AssertionError("Silero is not loaded when energy is asked for");
          });

      assertEquals("energy", vad.name());
      assertTrue(log.at(Level.WARN).isEmpty());
    }
  }

  @Test
  void aFallbackInACallIsCountedUnderTheCallsTenant() throws Exception {
    transcriptions.enqueue(Reply.error(500, "The server had an error"));
    DependencyBreakers breakers = new DependencyBreakers(Adapter.toClassic(testKit.system()).scheduler(),
        new BreakerSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30)), registry);
    premium = new OpenAiTranscription(new PremiumEndpoint(transcriptions.baseUrl(), "whisper-1", Optional.empty(),
        Duration.ofSeconds(5)), ResponseFormat.VERBOSE_JSON);
    SpeechToText tier = new FallbackSpeechToText(premium, localStt, breakers, new VoiceFallbacks(registry));
    VoiceSettings settings = settings(Map.of("PARLEY_VAD_ENGINE", "energy"));
    calls = ready(settings, vad -> VoiceCalls.voiceActivity(vad, () -> SileroVoiceActivity.load(EnergyVoiceActivity.defaults(16_000))), tier);

    TestProbe<VoiceOutput> output = call("acme");
    assertEquals(0.0, fallbacks("acme"), "the tenant's series is there from its call's start");
    VoiceOutput.Heard heard = output.expectMessageClass(VoiceOutput.Heard.class, Duration.ofSeconds(10));

    assertTrue(heard.text().startsWith("local heard"), heard.text());
    assertEquals(1.0, fallbacks("acme"));
    assertEquals(1.0, engine("stt", "openai>local"));
  }

  @Test
  void enginesAskedForOnceTheirPoolHasStoppedAreRefusedRatherThanAwaitedForEver() throws Exception {
    ExecutorService stopped = Executors.newSingleThreadExecutor();
    stopped.shutdown();
    VoiceCalls voice = new VoiceCalls(() -> {
      throw new AssertionError("a stopped pool runs no load");
    }, stopped, CallSettings.of(settings(Map.of()), Duration.ofSeconds(30)), new VoiceMetrics(registry),
        PremiumVoiceBudget.none(), Tracing.off());
    for (String asked : List.of("first", "again, as the next call asks")) {
      ExecutionException refused = assertThrows(ExecutionException.class,
          () -> voice.ready().toCompletableFuture().get(5, TimeUnit.SECONDS), "asked " + asked);
      assertInstanceOf(RejectedExecutionException.class, refused.getCause(), "asked " + asked);
    }
    assertFalse(voice.unavailable(), "a load refused as the node stops is no failed load");
    assertEquals(0.0, MetricSamples.value(registry, "parley_voice_engines_unavailable"));
  }

  @Test
  void enginesThatCouldNotLoadAreToldToCallersAndOperatorsOnceTheLoadHasFailed() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      VoiceCalls voice = new VoiceCalls(() -> {
        awaitQuietly(loading);
        throw new UncheckedIOException(new IOException("no Vosk model could be loaded from /models/missing"));
      }, pool, CallSettings.of(settings(Map.of()), Duration.ofSeconds(30)), new VoiceMetrics(registry),
          PremiumVoiceBudget.none(), Tracing.off());
      assertFalse(voice.unavailable(), "not asked for yet");
      voice.ready();
      assertFalse(voice.unavailable(), "still loading");
      assertEquals(0.0, MetricSamples.value(registry, "parley_voice_engines_unavailable"));

      loading.countDown();
      assertThrows(ExecutionException.class, () -> voice.ready().toCompletableFuture().get(5, TimeUnit.SECONDS));
      assertTrue(voice.unavailable());
      assertEquals(1.0, MetricSamples.value(registry, "parley_voice_engines_unavailable"));
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private VoiceCalls ready(VoiceSettings settings, Function<VoiceSettings.Vad, VoiceActivityDetector> vad,
      SpeechToText speechToText) throws Exception {
    VoiceCalls voice = new VoiceCalls(
        () -> new VoiceCalls.Loaded(new CallEngines(speechToText, localTts, localTts, vad.apply(settings.vad())), () -> { }),
        Runnable::run, CallSettings.of(settings, Duration.ofSeconds(30)), new VoiceMetrics(registry),
        PremiumVoiceBudget.none(), Tracing.off());
    voice.ready().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return voice;
  }

  /** A call of {@code tenant} hearing 600 ms of a loud tone and 900 ms of silence; what it tells the edge. */
  private TestProbe<VoiceOutput> call(String tenant) {
    TestProbe<SessionCommand> session = testKit.createTestProbe();
    TestProbe<VoiceOutput> output = testKit.createTestProbe();
    ActorRef<VoiceCall.Command> call = testKit.spawn(calls.call(VoiceCalls.newCallId(), SessionId.random(tenant),
        "web", session.ref(), 0, RATE, output.ref()));
    short[] audio = new short[RATE * 1500 / 1000];
    for (int i = 0; i < RATE * 600 / 1000; i++) audio[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / RATE));
    call.tell(new VoiceCall.CallerAudio(audio));
    return output;
  }

  private static VoiceSettings settings(Map<String, String> environment) {
    return VoiceSettings.create(ConfigFactory.parseMap(Map.of("PARLEY_VOICE_MAX_BUFFERED_AUDIO_MS", "5000"))
        .withFallback(ConfigFactory.parseMap(environment))
        .withFallback(ConfigFactory.parseResources("reference.conf"))
        .resolve(ConfigResolveOptions.noSystem()));
  }

  private double engine(String kind, String engine) {
    Double value = MetricSamples.value(registry, "parley_voice_engines", new String[] {"kind", "engine"},
        new String[] {kind, engine});
    return value == null ? Double.NaN : value;
  }

  /** The labels in their order: the bench reads the series by its {@code kind} prefix. */
  private double fallbacks(String tenant) {
    Double value = MetricSamples.value(registry, "parley_voice_fallbacks_total", new String[] {"kind", "engine", "tenant"},
        new String[] {"stt", "openai", tenant});
    return value == null ? Double.NaN : value;
  }
}
