package io.parley.voice.testing;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.parley.voice.speech.Transcript;
import io.parley.voice.speech.TranscriptListener;
import io.parley.voice.speech.VoiceEngineException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that keeps what a recognition stream reports, for a test to take in order. */
public final class TranscriptRecorder implements TranscriptListener {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private static final Object PAUSED = "the speaker paused";

  private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();
  private final AtomicInteger inside = new AtomicInteger();
  private volatile boolean overlapped;

  @Override
  public void onTranscript(Transcript transcript) {
    record(transcript);
  }

  @Override
  public void onFailure(VoiceEngineException failure) {
    record(failure);
  }

  @Override
  public void onSpeakerPaused() {
    record(PAUSED);
  }

  /** The next report, which must be the engine hearing the speaker stop. */
  public void nextPause() {
    assertSame(PAUSED, next(), "expected the speaker's pause");
  }

  /** The next report, which must be a transcript. */
  public Transcript nextTranscript() {
    return assertInstanceOf(Transcript.class, next(), "expected a transcript");
  }

  /** The next report, which must be a failure. */
  public VoiceEngineException nextFailure() {
    return assertInstanceOf(VoiceEngineException.class, next(), "expected a failure");
  }

  /** Nothing more is reported for {@code quiet}. */
  public void assertNothingFor(Duration quiet) {
    assertNull(poll(quiet), "expected no more reports");
  }

  /** Whether two listener calls ever ran at once, which the port forbids. */
  public boolean overlapped() {
    return overlapped;
  }

  private Object next() {
    Object event = poll(PATIENCE);
    assertNotNull(event, "nothing reported within " + PATIENCE.toSeconds() + " s");
    return event;
  }

  private Object poll(Duration wait) {
    try {
      return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void record(Object event) {
    if (inside.incrementAndGet() > 1) overlapped = true;
    events.add(event);
    inside.decrementAndGet();
  }
}
