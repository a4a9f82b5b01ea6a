package io.parley.voice.speech;

/** Receives a {@link RecognitionStream}'s transcripts in order, and its failure, at most one. */
public interface TranscriptListener {
  void onTranscript(Transcript transcript);

  /** The engine cannot go on (its connection broke, its process died); the stream is closed. */
  void onFailure(VoiceEngineException failure);

  /**
   * The engine's own end-of-speech detection heard the speaker stop (Vosk's endpoint after a
   * decoded phrase): the call may end the utterance now rather than wait out its whole silence.
   * Engines that only hear whole utterances never say it.
   */
  default void onSpeakerPaused() {}
}
