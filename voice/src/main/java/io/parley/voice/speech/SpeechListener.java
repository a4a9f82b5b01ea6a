package io.parley.voice.speech;

import io.parley.voice.media.AudioChunk;

/** Receives a {@link Synthesis}'s audio in order, then exactly one of done or failure (none after cancel). */
public interface SpeechListener {
  void onAudio(AudioChunk chunk);

  void onDone();

  void onFailure(VoiceEngineException failure);
}
