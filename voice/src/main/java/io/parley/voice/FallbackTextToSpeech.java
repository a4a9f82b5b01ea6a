package io.parley.voice;

import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import java.util.Objects;

// Shaped as FallbackSpeechToText on purpose: what they share is FallbackTier; the rest is typed for its engine kind.
/**
 * Text to speech by a premium engine, with a local one to fall back on sentence by sentence. Each
 * sentence is a call through the premium engine's circuit breaker ({@code tts:<engine>} in
 * {@link DependencyBreakers}) that lasts until its audio has all come. When it fails, times out or
 * the breaker refuses it, the local engine speaks the whole sentence from its start, in its own
 * default voice (a premium voice's name means nothing to it). {@link FallbackSynthesis} says how.
 *
 * <p>Each engine's audio comes at its own rate; the caller resamples chunk by chunk.
 */
final class FallbackTextToSpeech extends FallbackTier<TextToSpeech> implements TextToSpeech {
  private static final String KIND = "tts";

  /** Registers the premium engine's breaker with the node's settings, so {@code /metrics} shows it from the start. */
  FallbackTextToSpeech(TextToSpeech premium, TextToSpeech local, DependencyBreakers breakers, VoiceFallbacks fallbacks) {
    super(premium, local, TextToSpeech::name, KIND, breakers, fallbacks);
  }

  private FallbackTextToSpeech(Tiering<TextToSpeech> tiering) {
    super(tiering);
  }

  /** The same tier, engines and breaker for a call of {@code tenant}, whose fallbacks count under it. */
  FallbackTextToSpeech forTenant(String tenant) {
    return new FallbackTextToSpeech(tiering.forTenant(tenant));
  }

  @Override
  public boolean speaks(String language) {
    return tiering.premium().speaks(language);
  }

  @Override
  public Synthesis speak(SpeechRequest request, SpeechListener listener) {
    return FallbackSynthesis.start(tiering, Objects.requireNonNull(request, "request"),
        Objects.requireNonNull(listener, "listener"));
  }
}
