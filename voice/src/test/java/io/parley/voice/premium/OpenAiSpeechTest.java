package io.parley.voice.premium;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.testing.FakeSpeechServer;
import io.parley.voice.testing.FakeSpeechServer.Reply;
import io.parley.voice.testing.SpeechRecorder;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The OpenAI speech client against a fake service streaming raw PCM in flushed pieces. */
class OpenAiSpeechTest {
  private static final String SENTENCE = "Your order shipped this morning.";

  @AutoClose
  private final FakeSpeechServer server = FakeSpeechServer.start();
  private final SpeechRecorder speech = new SpeechRecorder();
  @AutoClose
  private OpenAiSpeech engine;

  @Test
  void audioReachesTheListenerAsItArrivesBeforeTheBodyEnds() {
    server.requireKey("sk-test");
    server.enqueue(Reply.audio().holdingAfter(1));
    engine = engine(server.baseUrl(), Duration.ofSeconds(5));

    engine.speak(SpeechRequest.of(SENTENCE), speech);

    speech.awaitFirstChunk();
    assertFalse(speech.ended(), "the server holds the rest of the body back");
    AudioChunk first = speech.chunks().get(0);
    assertEquals(24_000, first.sampleRate());
    server.release();
    speech.awaitDone();
    short[] expected = FakeSpeechServer.audioFor(SENTENCE, 24_000);
    assertArrayEquals(expected, speech.samples(), "every sample, those split between pieces included");
    assertTrue(speech.chunks().size() >= 5, "one chunk per piece, got " + speech.chunks().size());
    assertFalse(speech.brokeTheContract());

    JsonNode body = server.calls().get(0).body();
    assertEquals("tts-1", body.get("model").asText());
    assertEquals(SENTENCE, body.get("input").asText());
    assertEquals("alloy", body.get("voice").asText());
    assertEquals("pcm", body.get("response_format").asText());
    assertEquals(1.0, body.get("speed").asDouble());
    assertEquals(Optional.of("Bearer sk-test"), server.calls().get(0).authorization());
  }

  @Test
  void theRequestsVoiceAndSpeedGoToTheService() {
    engine = engine(server.baseUrl(), Duration.ofSeconds(5));

    engine.speak(new SpeechRequest("Hello.", Optional.of("nova"), 1.25), speech);

    speech.awaitDone();
    JsonNode body = server.calls().get(0).body();
    assertEquals("nova", body.get("voice").asText());
    assertEquals(1.25, body.get("speed").asDouble());
  }

  @Test
  void aRefusalFailsWithTheStatusAndTheServersMessage() {
    server.requireKey("sk-right");
    engine = new OpenAiSpeech(new PremiumEndpoint(server.baseUrl(), "tts-1", Optional.of("sk-wrong"),
        Duration.ofSeconds(5)), "alloy");

    engine.speak(SpeechRequest.of(SENTENCE), speech);

    assertEquals("openai: HTTP 401: Incorrect API key provided", speech.awaitFailure().getMessage());
    assertTrue(speech.chunks().isEmpty());
  }

  @Test
  void jsonInsteadOfAudioFailsRatherThanPlayingIt() {
    server.enqueue(Reply.notAudio("{\"error\":{\"message\":\"use mp3\"}}"));
    engine = engine(server.baseUrl(), Duration.ofSeconds(5));

    engine.speak(SpeechRequest.of(SENTENCE), speech);

    assertEquals("openai: expected raw PCM audio, got application/json: use mp3", speech.awaitFailure().getMessage());
    assertTrue(speech.chunks().isEmpty());
  }

  @Test
  void aConnectionDroppedMidStreamFailsAfterTheAudioThatCame() {
    server.enqueue(Reply.audio().droppingAfter(2));
    engine = engine(server.baseUrl(), Duration.ofSeconds(5));

    engine.speak(SpeechRequest.of(SENTENCE), speech);

    String message = speech.awaitFailure().getMessage();
    assertTrue(message.startsWith("openai: the audio from " + server.baseUrl() + "/audio/speech broke off: "), message);
    assertFalse(speech.chunks().isEmpty());
    assertFalse(speech.brokeTheContract());
  }

  @Test
  void silenceLongerThanTheTimeoutMidStreamFails() {
    server.enqueue(Reply.audio().stallingAfter(1));
    engine = engine(server.baseUrl(), Duration.ofMillis(300));

    engine.speak(SpeechRequest.of(SENTENCE), speech);

    assertEquals("openai: no audio from " + server.baseUrl() + "/audio/speech for 300 ms",
        speech.awaitFailure().getMessage());
    assertFalse(speech.chunks().isEmpty());
  }

  @Test
  void theTimeoutBoundsEachSilenceNotTheWholeSentence() {
    server.enqueue(Reply.audio(8, Duration.ofMillis(120)));
    engine = engine(server.baseUrl(), Duration.ofMillis(400));

    engine.speak(SpeechRequest.of(SENTENCE), speech);

    speech.awaitDone(); // about a second in all
    assertArrayEquals(FakeSpeechServer.audioFor(SENTENCE, 24_000), speech.samples());
  }

  @Test
  void cancelMidStreamAbortsTheRequestAndSilencesTheListener() {
    server.enqueue(Reply.audio().holdingAfter(1));
    engine = engine(server.baseUrl(), Duration.ofSeconds(5));
    Synthesis synthesis = engine.speak(SpeechRequest.of(SENTENCE), speech);
    speech.awaitFirstChunk();

    synthesis.cancel();
    synthesis.cancel();
    // The first piece may have reached the listener in more than one read; none may follow the cancel.
    int heardBeforeTheCancel = speech.chunks().size();
    server.release();

    await("the server noticed the client had gone").atMost(Duration.ofSeconds(5))
        .until(() -> server.clientsGone() == 1);
    assertFalse(speech.ended(), "no listener call after a cancel");
    assertEquals(heardBeforeTheCancel, speech.chunks().size(), "no chunk after a cancel");
  }

  @Test
  void closingTheEngineCancelsItsSynthesesAndRefusesNewOnes() {
    server.enqueue(Reply.audio().holdingAfter(1));
    engine = engine(server.baseUrl(), Duration.ofSeconds(5));
    engine.speak(SpeechRequest.of(SENTENCE), speech);
    speech.awaitFirstChunk();

    engine.close();
    server.release();

    await("the server noticed the client had gone").atMost(Duration.ofSeconds(5))
        .until(() -> server.clientsGone() == 1);
    assertFalse(speech.ended());
    assertThrows(IllegalStateException.class, () -> engine.speak(SpeechRequest.of("Hi."), new SpeechRecorder()));
  }

  static OpenAiSpeech engine(URI baseUrl, Duration timeout) {
    return new OpenAiSpeech(new PremiumEndpoint(baseUrl, "tts-1", Optional.of("sk-test"), timeout), "alloy");
  }
}
