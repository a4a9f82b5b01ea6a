package io.parley.voice.testing;

import io.parley.voice.media.AudioChunk;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.SpeechRequest;
import io.parley.voice.speech.Synthesis;
import io.parley.voice.speech.TextToSpeech;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local text-to-speech engine for the tier tests, standing in for the local voices so that a test
 * knows the audio the local tier made: it speaks {@link FakeSpeechServer#audioFor} the text at
 * 16 kHz, in two chunks from its own thread, and keeps the requests.
 */
public final class StandInTextToSpeech implements TextToSpeech, AutoCloseable {
  public static final int SAMPLE_RATE = 16_000;

  private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
    Thread daemon = new Thread(task, "stand-in-tts");
    daemon.setDaemon(true);
    return daemon;
  });
  private final List<SpeechRequest> requests = new CopyOnWriteArrayList<>();

  @Override
  public String name() {
    return "local";
  }

  @Override
  public Synthesis speak(SpeechRequest request, SpeechListener listener) {
    requests.add(request);
    short[] audio = FakeSpeechServer.audioFor(request.text(), SAMPLE_RATE);
    int half = audio.length / 2;
    AtomicBoolean cancelled = new AtomicBoolean();
    thread.execute(() -> {
      if (!cancelled.get()) listener.onAudio(new AudioChunk(Arrays.copyOfRange(audio, 0, half), SAMPLE_RATE));
      if (!cancelled.get()) listener.onAudio(new AudioChunk(Arrays.copyOfRange(audio, half, audio.length), SAMPLE_RATE));
      if (!cancelled.get()) listener.onDone();
    });
    return () -> cancelled.set(true);
  }

  public List<SpeechRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
