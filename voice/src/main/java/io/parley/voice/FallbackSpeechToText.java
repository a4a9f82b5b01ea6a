package io.parley.voice;

import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.TranscriptListener;
import java.util.Objects;

/**
 * Speech to text by a premium engine, with a local one to fall back on in the middle of a call.
 * Each utterance's transcription is a call through the premium engine's circuit breaker
 * ({@code stt:<engine>} in {@link DependencyBreakers}). When it fails, times out or the breaker
 * refuses it, the audio of that utterance (kept for the purpose) is fed to the local engine, whose
 * transcript takes its place: no turn of the caller is lost. While the breaker stays open, later
 * utterances go straight to the local engine; once it lets calls through again, back to premium.
 * {@link FallbackRecognitionStream} says how one call does it.
 *
 * <p>The call's audio comes at the rate the premium engine takes; when the local engine takes
 * another, the stream resamples what it gives the local one (a fallback's cost, not every call's).
 */
final class FallbackSpeechToText extends FallbackTier<SpeechToText> implements SpeechToText {
  private static final String KIND = "stt";

  /** Registers the premium engine's breaker with the node's settings, so {@code /metrics} shows it from the start. */
  FallbackSpeechToText(SpeechToText premium, SpeechToText local, DependencyBreakers breakers, VoiceFallbacks fallbacks) {
    super(premium, local, SpeechToText::name, KIND, breakers, fallbacks);
  }

  private FallbackSpeechToText(Tiering<SpeechToText> tiering) {
    super(tiering);
  }

  /** The same tier, engines and breaker for a call of {@code tenant}, whose fallbacks count under it. */
  FallbackSpeechToText forTenant(String tenant) {
    return new FallbackSpeechToText(tiering.forTenant(tenant));
  }

  @Override
  public int sampleRate() {
    return tiering.premium().sampleRate();
  }

  @Override
  public int sampleRateFor(int audioRate) {
    return tiering.premium().sampleRateFor(audioRate);
  }

  /** The premium services hear any language; the local engine stands in for one with what it has. */
  @Override
  public boolean hears(String language) {
    return tiering.premium().hears(language);
  }

  /** @throws IllegalArgumentException for a rate the premium engine does not take (not an outage to fall back from) */
  @Override
  public RecognitionStream open(TranscriptListener listener, int sampleRate) {
    if (tiering.premium().sampleRateFor(sampleRate) != sampleRate) {
      throw new IllegalArgumentException(tiering.premiumName() + " does not take " + sampleRate + " Hz");
    }
    return new FallbackRecognitionStream(tiering, Objects.requireNonNull(listener, "listener"), sampleRate);
  }
}
