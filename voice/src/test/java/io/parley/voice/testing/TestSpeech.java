package io.parley.voice.testing;

import io.parley.voice.local.FreeTtsTextToSpeech;
import io.parley.voice.media.Resampler;
import io.parley.voice.speech.SpeechRequest;
import java.util.concurrent.Executors;

/** A customer's voice for tests: the local TTS engine says the text, as mono PCM16 at the rate asked. */
public final class TestSpeech {
  private static FreeTtsTextToSpeech engine;

  private TestSpeech() {}

  public static synchronized short[] say(String text, int sampleRate) {
    if (engine == null) {
      engine = FreeTtsTextToSpeech.create(1, Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "test-speech");
        thread.setDaemon(true);
        return thread;
      }));
    }
    SpeechRecorder recorder = new SpeechRecorder();
    engine.speak(SpeechRequest.of(text), recorder);
    recorder.awaitDone();
    return Resampler.resample(recorder.samples(), FreeTtsTextToSpeech.SAMPLE_RATE, sampleRate);
  }
}
