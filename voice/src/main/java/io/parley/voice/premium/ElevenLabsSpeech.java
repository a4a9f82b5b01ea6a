package io.parley.voice.premium;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.voice.SpeechListener;
import io.parley.core.voice.SpeechRequest;
import io.parley.core.voice.Synthesis;
import io.parley.core.voice.TextToSpeech;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Text to speech through ElevenLabs' {@code POST /text-to-speech/{voice_id}/stream}, asking for
 * {@code pcm_16000}: raw PCM16 little-endian mono at 16 kHz, streamed as it is made. The key goes
 * in ElevenLabs' own {@code xi-api-key} header.
 *
 * <p>Owns an HTTP client and a timer thread; {@link #close()} cancels the syntheses still running.
 */
public final class ElevenLabsSpeech implements TextToSpeech, AutoCloseable {
  /** The rate asked for with {@code output_format}; the phone path needs no more. */
  public static final int SAMPLE_RATE = 16_000;

  private final PremiumService service;
  private final String defaultVoiceId;

  /** @param defaultVoiceId the voice of requests that name none: an ElevenLabs voice id */
  public ElevenLabsSpeech(PremiumEndpoint endpoint, String defaultVoiceId) {
    this.service = new PremiumService("elevenlabs", endpoint);
    this.defaultVoiceId = Objects.requireNonNull(defaultVoiceId, "defaultVoiceId");
  }

  @Override
  public String name() {
    return service.engine();
  }

  /** @throws IllegalStateException once the engine is closed */
  @Override
  public Synthesis speak(SpeechRequest request, SpeechListener listener) {
    ObjectNode body = PremiumService.JSON.createObjectNode()
        .put("text", request.text())
        .put("model_id", service.endpoint().model());
    if (request.speed() != 1.0) {
      // Only when asked: the voice's own settings apply otherwise, and ElevenLabs takes a narrower range than OpenAI.
      body.putObject("voice_settings").put("speed", request.speed());
    }
    String voice = URLEncoder.encode(request.voice().orElse(defaultVoiceId), StandardCharsets.UTF_8).replace("+", "%20");
    String path = "/text-to-speech/" + voice + "/stream?output_format=pcm_" + SAMPLE_RATE;
    HttpRequest.Builder builder = service.post(path, "application/json", PremiumService.publisher(body));
    service.endpoint().apiKey().ifPresent(key -> builder.header("xi-api-key", key));
    return StreamedPcm.start(service, builder.build(), SAMPLE_RATE, listener);
  }

  @Override
  public void close() {
    service.close();
  }
}
