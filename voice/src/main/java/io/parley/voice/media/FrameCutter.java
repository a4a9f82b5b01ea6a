package io.parley.voice.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Cuts audio that arrives in pieces of any length (a browser's worklet buffers, a speech engine's
 * chunks) into frames of one fixed size, keeping the rest for the next piece. Not thread-safe.
 */
public final class FrameCutter {
  private final int frameSamples;
  private short[] rest = new short[0];

  public FrameCutter(int frameSamples) {
    if (frameSamples <= 0) throw new IllegalArgumentException("frameSamples must be positive, got " + frameSamples);
    this.frameSamples = frameSamples;
  }

  /** The whole frames {@code samples} completes, in order. */
  public List<short[]> add(short[] samples) {
    short[] pending = rest;
    if (pending.length == 0) {
      pending = samples;
    } else {
      pending = Arrays.copyOf(rest, rest.length + samples.length);
      System.arraycopy(samples, 0, pending, rest.length, samples.length);
    }
    List<short[]> frames = new ArrayList<>(pending.length / frameSamples);
    int offset = 0;
    for (; offset + frameSamples <= pending.length; offset += frameSamples) {
      frames.add(Arrays.copyOfRange(pending, offset, offset + frameSamples));
    }
    rest = Arrays.copyOfRange(pending, offset, pending.length);
    return frames;
  }

  /** The samples left over, padded with silence to a whole frame; empty when there are none. */
  public Optional<short[]> flush() {
    if (rest.length == 0) return Optional.empty();
    short[] last = Arrays.copyOf(rest, frameSamples);
    rest = new short[0];
    return Optional.of(last);
  }

  public boolean isEmpty() {
    return rest.length == 0;
  }
}
