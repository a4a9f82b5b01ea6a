package io.parley.core.voice;

/** Receives a {@link RecognitionStream}'s transcripts in order, and its failure, at most one. */
public interface TranscriptListener {
  void onTranscript(Transcript transcript);

  /** The engine cannot go on (its connection broke, its process died); the stream is closed. */
  void onFailure(VoiceEngineException failure);
}
