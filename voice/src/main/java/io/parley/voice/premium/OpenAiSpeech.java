package io.parley.voice.premium;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.voice.speech.SpeechRequest;
import java.net.http.HttpRequest;

// Shaped as ElevenLabsSpeech on purpose: what they share is PremiumSpeech; the rest is each service's own request.
/**
 * Text to speech through OpenAI's {@code POST /audio/speech} (OpenAI, and servers that copy it),
 * asking for {@code pcm}: raw PCM16 little-endian mono at 24 kHz, streamed as it is made, so the
 * first words play while the rest of the sentence is still being made.
 *
 * <p>Owns an HTTP client and a timer thread; {@link #close()} cancels the syntheses still running.
 */
public final class OpenAiSpeech extends PremiumSpeech {
  /** The rate of OpenAI's {@code pcm} format. */
  public static final int SAMPLE_RATE = 24_000;

  /** @param defaultVoice the voice of requests that name none, such as {@code alloy} */
  public OpenAiSpeech(PremiumEndpoint endpoint, String defaultVoice) {
    super("openai", endpoint, defaultVoice, SAMPLE_RATE);
  }

  @Override
  String path(SpeechRequest request) {
    return "/audio/speech";
  }

  @Override
  ObjectNode body(SpeechRequest request) {
    return PremiumService.JSON.createObjectNode()
        .put("model", service.endpoint().model())
        .put("input", request.text())
        .put("voice", request.voice().orElse(defaultVoice))
        .put("response_format", "pcm")
        .put("speed", request.speed());
  }

  @Override
  void authorize(HttpRequest.Builder post, String apiKey) {
    post.header("Authorization", "Bearer " + apiKey);
  }
}
