package io.parley.voice.speech;

/**
 * Port to a speech synthesiser. Audio comes back in chunks as soon as the engine has them, so the
 * first words play while the rest is still being made, at the engine's own sample rate (the caller
 * resamples).
 */
public interface TextToSpeech {
  /** A short name for logs and metrics labels, e.g. {@code freetts} or {@code elevenlabs}. */
  String name();

  /** Starts speaking {@code request}; the listener is called from the engine's threads, one call at a time. */
  Synthesis speak(SpeechRequest request, SpeechListener listener);

  /** Whether the engine speaks {@code language} (ISO 639-1) as it is spoken, not read out with English sounds. */
  default boolean speaks(String language) {
    return true;
  }

  /**
   * The engine that speaks requests in {@code language}: this one, or, for an engine that hands
   * each language to another ({@code LanguageVoices}), that one, so logs and metrics name it.
   */
  default TextToSpeech speaking(String language) {
    return this;
  }
}
