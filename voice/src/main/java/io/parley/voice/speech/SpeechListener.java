package io.parley.voice.speech;

import io.parley.voice.media.AudioChunk;
import java.util.Optional;
import java.util.function.Consumer;

/** Receives a {@link Synthesis}'s audio in order, then exactly one of done or failure (none after cancel). */
public interface SpeechListener {
  void onAudio(AudioChunk chunk);

  void onDone();

  void onFailure(VoiceEngineException failure);

  /** Tells {@code audio} each chunk, then {@code ended} how it ended: empty when done, else the failure. */
  static SpeechListener of(Consumer<AudioChunk> audio, Consumer<Optional<VoiceEngineException>> ended) {
    return new SpeechListener() {
      @Override
      public void onAudio(AudioChunk chunk) {
        audio.accept(chunk);
      }

      @Override
      public void onDone() {
        ended.accept(Optional.empty());
      }

      @Override
      public void onFailure(VoiceEngineException failure) {
        ended.accept(Optional.of(failure));
      }
    };
  }
}
