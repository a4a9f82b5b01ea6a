package io.parley.http.aot;

import io.parley.voice.local.FreeTtsTextToSpeech;
import io.parley.voice.media.AudioChunk;
import io.parley.voice.media.Pcm16;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.VoiceEngineException;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The caller of the training's voice turn: FreeTTS, which the jar carries, says the question as
 * mono PCM16 little-endian at {@link #SAMPLE_RATE}, the rate the caller's page streams at.
 */
final class CallerVoice {
  static final int SAMPLE_RATE = FreeTtsTextToSpeech.SAMPLE_RATE;

  private CallerVoice() {}

  static byte[] say(String text) {
    FreeTtsTextToSpeech engine = FreeTtsTextToSpeech.create(1, Runnable::run);
    ByteArrayOutputStream pcm = new ByteArrayOutputStream();
    CompletableFuture<Void> said = new CompletableFuture<>();
    engine.speak(SpeechRequest.of(text), new SpeechListener() {
      @Override
      public void onAudio(AudioChunk chunk) {
        pcm.writeBytes(Pcm16.toLittleEndian(chunk.samples()));
      }

      @Override
      public void onDone() {
        said.complete(null);
      }

      @Override
      public void onFailure(VoiceEngineException failure) {
        said.completeExceptionally(failure);
      }
    });
    try {
      said.get(ChatLine.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new TrainingFailure("FreeTTS could not say the caller's question: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TrainingFailure("interrupted while FreeTTS said the caller's question");
    }
    return pcm.toByteArray();
  }
}
