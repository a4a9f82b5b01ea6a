package io.parley.voice.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.parley.voice.media.AudioChunk;
import io.parley.voice.speech.SpeechListener;
import io.parley.voice.speech.VoiceEngineException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that keeps a synthesis's audio and how it ended, and notices calls the port forbids. */
public final class SpeechRecorder implements SpeechListener {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  private final List<AudioChunk> chunks = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstChunk = new CountDownLatch(1);
  private final CompletableFuture<Void> end = new CompletableFuture<>();
  private final AtomicInteger ends = new AtomicInteger();
  private final AtomicInteger inside = new AtomicInteger();
  private volatile boolean audioAfterEnd;
  private volatile boolean overlapped;

  @Override
  public void onAudio(AudioChunk chunk) {
    enter();
    if (end.isDone()) audioAfterEnd = true;
    chunks.add(chunk);
    firstChunk.countDown();
    inside.decrementAndGet();
  }

  @Override
  public void onDone() {
    enter();
    ends.incrementAndGet();
    end.complete(null);
    inside.decrementAndGet();
  }

  @Override
  public void onFailure(VoiceEngineException failure) {
    enter();
    ends.incrementAndGet();
    end.completeExceptionally(failure);
    inside.decrementAndGet();
  }

  public void awaitFirstChunk() {
    try {
      assertTrue(firstChunk.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS), "no audio within " + PATIENCE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public void awaitDone() {
    try {
      end.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      fail("expected the synthesis to finish, it failed: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      fail("the synthesis did not finish within " + PATIENCE);
    }
  }

  public VoiceEngineException awaitFailure() {
    try {
      end.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
      return fail("expected the synthesis to fail, it finished");
    } catch (ExecutionException e) {
      return (VoiceEngineException) e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      return fail("the synthesis did not end within " + PATIENCE);
    }
  }

  public boolean ended() {
    return end.isDone();
  }

  public List<AudioChunk> chunks() {
    return List.copyOf(chunks);
  }

  /** All audio so far, in one array. */
  public short[] samples() {
    short[] all = new short[chunks.stream().mapToInt(chunk -> chunk.samples().length).sum()];
    int at = 0;
    for (AudioChunk chunk : chunks) {
      System.arraycopy(chunk.samples(), 0, all, at, chunk.samples().length);
      at += chunk.samples().length;
    }
    return all;
  }

  /** Whether the listener heard something the port forbids: audio after the end, two ends, or overlapping calls. */
  public boolean brokeTheContract() {
    return audioAfterEnd || ends.get() > 1 || overlapped;
  }

  private void enter() {
    if (inside.incrementAndGet() > 1) overlapped = true;
  }
}
