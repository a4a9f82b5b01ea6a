package io.parley.voice.testing;

import io.parley.core.voice.AudioChunk;
import io.parley.core.voice.Pcm16;
import io.parley.core.voice.Resampler;
import io.parley.core.voice.SpeechListener;
import io.parley.core.voice.SpeechRequest;
import io.parley.core.voice.VoiceEngineException;
import io.parley.voice.local.FreeTtsTextToSpeech;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

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
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    CompletableFuture<Void> done = new CompletableFuture<>();
    Resampler resampler = new Resampler(FreeTtsTextToSpeech.SAMPLE_RATE, sampleRate);
    engine.speak(SpeechRequest.of(text), new SpeechListener() {
      @Override
      public void onAudio(AudioChunk chunk) {
        pcm.writeBytes(Pcm16.toLittleEndian(resampler.process(chunk.samples())));
      }

      @Override
      public void onDone() {
        done.complete(null);
      }

      @Override
      public void onFailure(VoiceEngineException failure) {
        done.completeExceptionally(failure);
      }
    });
    try {
      done.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("the test's speech could not be made", e);
    }
    return Pcm16.fromLittleEndian(pcm.toByteArray());
  }
}
