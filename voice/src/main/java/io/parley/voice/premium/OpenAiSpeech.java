package io.parley.voice.premium;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.voice.SpeechListener;
import io.parley.core.voice.SpeechRequest;
import io.parley.core.voice.Synthesis;
import io.parley.core.voice.TextToSpeech;
import java.net.http.HttpRequest;
import java.util.Objects;

/**
 * Text to speech through OpenAI's {@code POST /audio/speech} (OpenAI, and servers that copy it),
 * asking for {@code pcm}: raw PCM16 little-endian mono at 24 kHz, streamed as it is made, so the
 * first words play while the rest of the sentence is still being made.
 *
 * <p>Owns an HTTP client and a timer thread; {@link #close()} cancels the syntheses still running.
 */
public final class OpenAiSpeech implements TextToSpeech, AutoCloseable {
  /** The rate of OpenAI's {@code pcm} format. */
  public static final int SAMPLE_RATE = 24_000;

  private static final String PATH = "/audio/speech";

  private final PremiumService service;
  private final String defaultVoice;

  /** @param defaultVoice the voice of requests that name none, such as {@code alloy} */
  public OpenAiSpeech(PremiumEndpoint endpoint, String defaultVoice) {
    this.service = new PremiumService("openai", endpoint);
    this.defaultVoice = Objects.requireNonNull(defaultVoice, "defaultVoice");
  }

  @Override
  public String name() {
    return service.engine();
  }

  /** @throws IllegalStateException once the engine is closed */
  @Override
  public Synthesis speak(SpeechRequest request, SpeechListener listener) {
    ObjectNode body = PremiumService.JSON.createObjectNode()
        .put("model", service.endpoint().model())
        .put("input", request.text())
        .put("voice", request.voice().orElse(defaultVoice))
        .put("response_format", "pcm")
        .put("speed", request.speed());
    HttpRequest.Builder builder = service.post(PATH, "application/json", PremiumService.publisher(body));
    service.endpoint().apiKey().ifPresent(key -> builder.header("Authorization", "Bearer " + key));
    return StreamedPcm.start(service, builder.build(), SAMPLE_RATE, listener);
  }

  @Override
  public void close() {
    service.close();
  }
}
