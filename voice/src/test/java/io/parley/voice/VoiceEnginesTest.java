package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import io.parley.core.testing.ClassResource;
import io.parley.core.testing.MetricSamples;
import io.parley.sessions.resilience.BreakerSettings;
import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.testing.FakeSpeechServer;
import io.parley.voice.testing.FakeSpeechServer.SpeechCall;
import io.parley.voice.testing.FakeTranscriptionServer;
import io.parley.voice.testing.SpeechRecorder;
import io.parley.voice.testing.StandInSpeechToText;
import io.parley.voice.testing.StandInTextToSpeech;
import io.parley.voice.testing.TranscriptRecorder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The engines a node gets from its settings, wired end to end against the fake premium services. */
class VoiceEnginesTest {
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final DependencyBreakers breakers = new DependencyBreakers(Adapter.toClassic(testKit.system()).scheduler(),
      new BreakerSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30)), registry);
  private final StandInSpeechToText localStt = new StandInSpeechToText();
  private final StandInTextToSpeech localTts = new StandInTextToSpeech();
  private final FakeTranscriptionServer transcriptions = FakeTranscriptionServer.start();
  private final FakeSpeechServer speech = FakeSpeechServer.start();
  private VoiceEngines engines;

  @AfterEach
  void close() {
    if (engines != null) engines.close();
    localStt.close();
    localTts.close();
    transcriptions.close();
    speech.close();
  }

  @Test
  void withNoServiceConfiguredTheLocalEnginesServeAlone() {
    engines = engines(Map.of());

    assertSame(localStt, engines.speechToText());
    assertSame(localTts, engines.textToSpeech());
  }

  @Test
  void configuredServicesServeFirstWithTheirModelsVoicesAndKeys() {
    transcriptions.requireKey("sk-stt");
    speech.requireKey("xi-tts");
    engines = engines(Map.of(
        "PARLEY_STT_BASE_URL", transcriptions.baseUrl().toString(),
        "PARLEY_STT_API_KEY", "sk-stt",
        "PARLEY_TTS_PROVIDER", "elevenlabs",
        "PARLEY_TTS_BASE_URL", speech.baseUrl().toString(),
        "PARLEY_TTS_API_KEY", "xi-tts"));
    assertEquals("openai>local", engines.speechToText().name());
    assertEquals("elevenlabs>local", engines.textToSpeech().name());

    TranscriptRecorder transcripts = new TranscriptRecorder();
    RecognitionStream call = engines.speechToText().open(transcripts);
    call.accept(new short[16_000]);
    call.endUtterance();
    assertEquals("heard 1000 ms", transcripts.nextTranscript().text());
    assertEquals("whisper-1", transcriptions.uploads().get(0).model());

    SpeechRecorder spoken = new SpeechRecorder();
    engines.textToSpeech().speak(SpeechRequest.of("Hello there."), spoken);
    spoken.awaitDone();
    assertArrayEquals(FakeSpeechServer.audioFor("Hello there.", 16_000), spoken.samples());
    SpeechCall request = speech.calls().get(0);
    assertEquals("/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream", request.path());
    assertEquals("eleven_flash_v2_5", request.body().get("model_id").asText());
    assertEquals(Optional.of("xi-tts"), request.xiApiKey());
    assertNull(MetricSamples.value(registry, "parley_voice_fallbacks_total", new String[] {"kind", "engine", "tenant"},
        new String[] {"tts", "elevenlabs", VoiceFallbacks.NO_TENANT}), "nothing fell back");
  }

  @Test
  void closingStopsThePremiumClientsSoTheLocalEnginesStandIn() {
    engines = engines(Map.of("PARLEY_TTS_BASE_URL", speech.baseUrl().toString()));

    engines.close();
    SpeechRecorder spoken = new SpeechRecorder();
    engines.textToSpeech().speak(SpeechRequest.of("Goodbye."), spoken);

    spoken.awaitDone();
    assertEquals(0, speech.calls().size());
    assertEquals(1, localTts.requests().size(), "the local engine is the caller's, and still open");
  }

  private VoiceEngines engines(Map<String, String> environment) {
    VoiceSettings settings = VoiceSettings.create(ConfigFactory.parseMap(environment)
        .withFallback(ConfigFactory.parseResources("reference.conf"))
        .resolve(ConfigResolveOptions.noSystem()));
    return VoiceEngines.create(settings, localStt, localTts, breakers, registry);
  }
}
