package io.parley.voice;

import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.VoiceEngineException;
import java.util.function.Consumer;

/** What a call's recogniser reports, from the engine's threads, handed on as the call's own messages. */
record RecognitionEvents(Consumer<Transcript> heard, Consumer<VoiceEngineException> failed, Runnable paused)
    implements TranscriptListener {
  @Override
  public void onTranscript(Transcript transcript) {
    heard.accept(transcript);
  }

  @Override
  public void onFailure(VoiceEngineException failure) {
    failed.accept(failure);
  }

  @Override
  public void onSpeakerPaused() {
    paused.run();
  }
}
