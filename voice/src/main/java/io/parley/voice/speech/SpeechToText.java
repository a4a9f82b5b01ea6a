package io.parley.voice.speech;

/**
 * Port to a speech recogniser. A call opens one {@link RecognitionStream} and feeds it the caller's
 * audio, utterance after utterance; transcripts come back through the listener. Engines say which
 * sample rates they take; the caller resamples, engines never do (a tier that falls back to an
 * engine of another rate resamples what it gives that engine).
 */
public interface SpeechToText {
  /** A short name for logs and metrics labels, e.g. {@code vosk} or {@code openai}. */
  String name();

  /** The engine's own rate: that of the PCM16 frames {@link #open(TranscriptListener)}'s streams expect, in Hz. */
  int sampleRate();

  /**
   * The rate to give this engine audio recorded at {@code audioRate}: that rate itself if the
   * engine takes it as it is (a phone call's 8 kHz need not be resampled for an engine that takes
   * it), else {@link #sampleRate()}.
   */
  default int sampleRateFor(int audioRate) {
    return sampleRate();
  }

  /** Opens a stream at the engine's own rate. */
  default RecognitionStream open(TranscriptListener listener) {
    return open(listener, sampleRate());
  }

  /**
   * Opens a stream whose frames come at {@code sampleRate}, a rate {@link #sampleRateFor} answered;
   * the listener is called from the engine's threads, one call at a time.
   *
   * @throws IllegalArgumentException for a rate the engine does not take
   */
  RecognitionStream open(TranscriptListener listener, int sampleRate);

  /** Whether the engine hears {@code language} (ISO 639-1): a service that takes any, or a model trained on it. */
  default boolean hears(String language) {
    return true;
  }
}
