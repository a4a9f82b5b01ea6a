package io.parley.voice.testing;

import io.parley.voice.speech.RecognitionStream;
import io.parley.voice.speech.SpeechToText;
import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local speech-to-text engine for the tier tests, standing in for Vosk so that a test knows what
 * the local tier heard: at 16 kHz like it, answering each utterance from its own thread with
 * {@code "local heard <ms> ms"}, and keeping the samples it heard.
 */
public final class StandInSpeechToText implements SpeechToText, AutoCloseable {
  private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
    Thread daemon = new Thread(task, "stand-in-stt");
    daemon.setDaemon(true);
    return daemon;
  });
  private final List<short[]> utterances = new CopyOnWriteArrayList<>();
  private volatile TranscriptListener lastOpened;
  private final AtomicInteger streamsOpen = new AtomicInteger();

  @Override
  public String name() {
    return "local";
  }

  @Override
  public int sampleRate() {
    return 16_000;
  }

  @Override
  public RecognitionStream open(TranscriptListener listener, int sampleRate) {
    if (sampleRate != sampleRate()) throw new IllegalArgumentException("takes 16000 Hz only, not " + sampleRate);
    lastOpened = listener;
    streamsOpen.incrementAndGet();
    return new RecognitionStream() {
      private final List<short[]> frames = new ArrayList<>();
      private volatile boolean closed;

      @Override
      public void accept(short[] frame) {
        frames.add(frame);
      }

      @Override
      public void endUtterance() {
        short[] heard = new short[frames.stream().mapToInt(frame -> frame.length).sum()];
        int at = 0;
        for (short[] frame : frames) {
          System.arraycopy(frame, 0, heard, at, frame.length);
          at += frame.length;
        }
        frames.clear();
        thread.execute(() -> {
          if (closed) return;
          utterances.add(heard);
          listener.onTranscript(new Transcript("local heard " + heard.length / 16 + " ms", 0.9, true));
        });
      }

      @Override
      public void close() {
        if (!closed) streamsOpen.decrementAndGet();
        closed = true;
      }
    };
  }

  /** The engine hears the speaker stop in the stream opened last, as Vosk's endpoint does. */
  public void hearPause() {
    TranscriptListener listener = lastOpened;
    thread.execute(listener::onSpeakerPaused);
  }

  /** Streams opened and not closed yet. */
  public int streamsOpen() {
    return streamsOpen.get();
  }

  /** The samples of each utterance transcribed, in order. */
  public List<short[]> utterances() {
    return List.copyOf(utterances);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
