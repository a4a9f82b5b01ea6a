package io.parley.voice.premium;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.testing.FakeSpeechServer;
import io.parley.voice.testing.FakeSpeechServer.Reply;
import io.parley.voice.testing.FakeSpeechServer.SpeechCall;
import io.parley.voice.testing.SpeechRecorder;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The ElevenLabs streaming client against a fake service speaking its path, header, body and PCM stream. */
class ElevenLabsSpeechTest {
  private static final String SENTENCE = "Let me check that for you.";

  @AutoClose
  private final FakeSpeechServer server = FakeSpeechServer.start();
  private final SpeechRecorder speech = new SpeechRecorder();
  @AutoClose
  private ElevenLabsSpeech engine;

  @Test
  void streamsSixteenKilohertzPcmForTheVoiceWithTheKeyInItsOwnHeader() {
    server.requireKey("xi-test");
    server.enqueue(Reply.audio().holdingAfter(2));
    engine = engine("xi-test");

    engine.speak(SpeechRequest.of(SENTENCE), speech);

    speech.awaitFirstChunk();
    assertFalse(speech.ended(), "audio arrives before the body ends");
    server.release();
    speech.awaitDone();
    assertArrayEquals(FakeSpeechServer.audioFor(SENTENCE, 16_000), speech.samples());
    assertEquals(16_000, speech.chunks().get(0).sampleRate());
    SpeechCall call = server.calls().get(0);
    assertEquals("/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream", call.path());
    assertEquals(Map.of("output_format", "pcm_16000"), call.query());
    assertEquals(Optional.of("xi-test"), call.xiApiKey());
    assertEquals(Optional.empty(), call.authorization(), "no bearer key: ElevenLabs has its own header");
    assertEquals(SENTENCE, call.body().get("text").asText());
    assertEquals("eleven_flash_v2_5", call.body().get("model_id").asText());
    assertTrue(call.body().path("voice_settings").isMissingNode(), "the voice's own settings at normal speed");
  }

  @Test
  void aVoiceAndASpeedOfTheRequestAreSent() {
    engine = engine("xi-test");

    engine.speak(new SpeechRequest("Hi.", Optional.of("voice 2"), 1.1), speech);

    speech.awaitDone();
    SpeechCall call = server.calls().get(0);
    assertEquals("/v1/text-to-speech/voice 2/stream", call.path(), "the voice id is encoded in the path");
    JsonNode settings = call.body().get("voice_settings");
    assertEquals(1.1, settings.get("speed").asDouble());
  }

  @Test
  void aSentenceInAnotherLanguageIsSpokenByTheMultilingualModel() {
    engine = engine("xi-test");

    engine.speak(new SpeechRequest("Guten Tag.", Optional.empty(), 1.0, Optional.of("de")), speech);

    speech.awaitDone();
    JsonNode body = server.calls().get(0).body();
    assertEquals("eleven_multilingual_v2", body.get("model_id").asText());
    assertTrue(body.path("language_code").isMissingNode(), "it tells the language from the text, and refuses the field");
  }

  @Test
  void aModelThatEnforcesALanguageIsToldIt() {
    engine = new ElevenLabsSpeech(new PremiumEndpoint(server.baseUrl(), "eleven_flash_v2_5", Optional.of("xi-test"),
        Duration.ofSeconds(5)), "21m00Tcm4TlvDq8ikWAM", "eleven_turbo_v2_5");

    engine.speak(new SpeechRequest("Bonjour.", Optional.empty(), 1.0, Optional.of("fr")), speech);

    speech.awaitDone();
    JsonNode body = server.calls().get(0).body();
    assertEquals("eleven_turbo_v2_5", body.get("model_id").asText());
    assertEquals("fr", body.get("language_code").asText());
  }

  @Test
  void aRefusalCarriesElevenLabsOwnMessage() {
    server.requireKey("xi-right");
    engine = engine("xi-wrong");

    engine.speak(SpeechRequest.of(SENTENCE), speech);

    assertEquals("elevenlabs: HTTP 401: Invalid API key", speech.awaitFailure().getMessage());
  }

  @Test
  void cancelMidStreamAbortsTheRequest() {
    server.enqueue(Reply.audio().holdingAfter(1));
    engine = engine("xi-test");
    Synthesis synthesis = engine.speak(SpeechRequest.of(SENTENCE), speech);
    speech.awaitFirstChunk();

    synthesis.cancel();
    server.release();

    await("the server noticed the client had gone").atMost(Duration.ofSeconds(5))
        .until(() -> server.clientsGone() == 1);
    assertFalse(speech.ended());
  }

  private ElevenLabsSpeech engine(String key) {
    return new ElevenLabsSpeech(new PremiumEndpoint(server.baseUrl(), "eleven_flash_v2_5", Optional.of(key),
        Duration.ofSeconds(5)), "21m00Tcm4TlvDq8ikWAM", "eleven_multilingual_v2");
  }
}
