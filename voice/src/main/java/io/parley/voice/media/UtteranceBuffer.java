package io.parley.voice.media;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The frames of the utterance in progress, kept until it ends (to upload it whole, or to replay it
 * to another engine), and bounded: a caller who never pauses, or a detector that never hears the
 * end, must not fill the heap. Past {@code max} of audio the oldest frames go, since the end of a
 * long utterance is what the answer depends on. Not thread-safe: its owner guards it.
 */
public final class UtteranceBuffer {
  private final ArrayDeque<short[]> frames = new ArrayDeque<>();
  private final long maxSamples;
  private long samples;
  private boolean dropping;

  public UtteranceBuffer(int sampleRate, Duration max) {
    if (sampleRate <= 0) throw new IllegalArgumentException("sampleRate must be positive, got " + sampleRate);
    if (max.isNegative() || max.isZero()) throw new IllegalArgumentException("max must be positive, got " + max);
    this.maxSamples = sampleRate * max.toMillis() / 1000;
  }

  /**
   * Keeps {@code frame} (the buffer owns it from now on), dropping the oldest frames past the bound.
   *
   * @return true when this frame made the utterance start losing audio: once per utterance, for a log line
   */
  public boolean add(short[] frame) {
    frames.addLast(frame);
    samples += frame.length;
    boolean dropped = false;
    while (samples > maxSamples && frames.size() > 1) {
      samples -= frames.removeFirst().length;
      dropped = true;
    }
    boolean started = dropped && !dropping;
    dropping |= dropped;
    return started;
  }

  public boolean isEmpty() {
    return frames.isEmpty();
  }

  /** The frames kept, oldest first. */
  public List<short[]> frames() {
    return List.copyOf(frames);
  }

  /** The samples kept, in one array. */
  public short[] samples() {
    short[] joined = new short[(int) samples];
    int at = 0;
    for (short[] frame : frames) {
      System.arraycopy(frame, 0, joined, at, frame.length);
      at += frame.length;
    }
    return joined;
  }

  /** Empties it for the next utterance. */
  public void clear() {
    frames.clear();
    samples = 0;
    dropping = false;
  }
}
