package io.parley.voice.premium;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.voice.speech.SpeechRequest;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

/**
 * Text to speech through ElevenLabs' {@code POST /text-to-speech/{voice_id}/stream}, asking for
 * {@code pcm_16000}: raw PCM16 little-endian mono at 16 kHz, streamed as it is made. The key goes
 * in ElevenLabs' own {@code xi-api-key} header.
 *
 * <p>Owns an HTTP client and a timer thread; {@link #close()} cancels the syntheses still running.
 */
public final class ElevenLabsSpeech extends PremiumSpeech {
  /** The rate asked for with {@code output_format}; the phone path needs no more. */
  public static final int SAMPLE_RATE = 16_000;

  /** @param defaultVoiceId the voice of requests that name none: an ElevenLabs voice id */
  public ElevenLabsSpeech(PremiumEndpoint endpoint, String defaultVoiceId) {
    super("elevenlabs", endpoint, defaultVoiceId, SAMPLE_RATE);
  }

  @Override
  String path(SpeechRequest request) {
    String voice = URLEncoder.encode(request.voice().orElse(defaultVoice), StandardCharsets.UTF_8).replace("+", "%20");
    return "/text-to-speech/" + voice + "/stream?output_format=pcm_" + SAMPLE_RATE;
  }

  @Override
  ObjectNode body(SpeechRequest request) {
    ObjectNode body = PremiumService.JSON.createObjectNode()
        .put("text", request.text())
        .put("model_id", service.endpoint().model());
    if (request.speed() != 1.0) {
      // Only when asked: the voice's own settings apply otherwise, and ElevenLabs takes a narrower range than OpenAI.
      body.putObject("voice_settings").put("speed", request.speed());
    }
    return body;
  }

  @Override
  void authorize(HttpRequest.Builder post, String apiKey) {
    post.header("xi-api-key", apiKey);
  }
}
