package io.parley.core.voice;

/**
 * Port to a speech recogniser. A call opens one {@link RecognitionStream} and feeds it the caller's
 * audio, utterance after utterance; transcripts come back through the listener. Engines say which
 * sample rate they take; the caller resamples, engines never do.
 */
public interface SpeechToText {
  /** A short name for logs and metrics labels, e.g. {@code vosk} or {@code openai}. */
  String name();

  /** The rate of the PCM16 frames {@link RecognitionStream#accept} expects, in Hz. */
  int sampleRate();

  /** Opens a stream; the listener is called from the engine's threads, one call at a time. */
  RecognitionStream open(TranscriptListener listener);
}
