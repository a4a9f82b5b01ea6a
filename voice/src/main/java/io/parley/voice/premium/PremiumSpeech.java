package io.parley.voice.premium;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import java.net.http.HttpRequest;
import java.util.Objects;

/**
 * Text to speech by a premium service that streams raw PCM16 little-endian mono as it makes it,
 * so the first words play while the rest of the sentence is still being made. Each service says
 * where its request goes, what it carries and how its key is given; the JSON post, the voice of
 * requests that name none and the streamed answer are the same for all.
 *
 * <p>Owns an HTTP client and a timer thread; {@link #close()} cancels the syntheses still running.
 */
abstract class PremiumSpeech implements TextToSpeech, AutoCloseable {
  final PremiumService service;
  /** The voice of requests that name none, in the service's own terms. */
  final String defaultVoice;
  private final int sampleRate;

  /** {@code sampleRate}: the rate of the PCM the request asks for. */
  PremiumSpeech(String engine, PremiumEndpoint endpoint, String defaultVoice, int sampleRate) {
    this.service = new PremiumService(engine, endpoint);
    this.defaultVoice = Objects.requireNonNull(defaultVoice, "defaultVoice");
    this.sampleRate = sampleRate;
  }

  /** The path of {@code request}'s post, below the endpoint's base URL. */
  abstract String path(SpeechRequest request);

  /** The JSON body of {@code request}'s post. */
  abstract ObjectNode body(SpeechRequest request);

  /** Gives {@code apiKey} as the service takes it. */
  abstract void authorize(HttpRequest.Builder post, String apiKey);

  @Override
  public String name() {
    return service.engine();
  }

  /** @throws IllegalStateException once the engine is closed */
  @Override
  public Synthesis speak(SpeechRequest request, SpeechListener listener) {
    HttpRequest.Builder post = service.post(path(request), "application/json", PremiumService.publisher(body(request)));
    service.endpoint().apiKey().ifPresent(key -> authorize(post, key));
    return StreamedPcm.start(service, post.build(), sampleRate, listener);
  }

  @Override
  public void close() {
    service.close();
  }
}
