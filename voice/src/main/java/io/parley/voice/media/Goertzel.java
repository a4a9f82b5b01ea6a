package io.parley.voice.media;

/**
 * The power of one frequency in a block of samples (the Goertzel algorithm): cheaper than a whole
 * FFT when a detector needs a few frequencies only. A tone of amplitude A filling N samples at the
 * frequency's bin gives a power of (A·N/2)².
 */
public final class Goertzel {
  private Goertzel() {}

  /** The recurrence's coefficient for {@code frequency} at {@code sampleRate}: computed once per frequency. */
  public static double coefficient(double frequency, int sampleRate) {
    return 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
  }

  /** The power at the frequency of {@code coefficient} over all of {@code block}. */
  public static double power(short[] block, double coefficient) {
    double before = 0;
    double beforeThat = 0;
    for (short sample : block) {
      double now = sample + coefficient * before - beforeThat;
      beforeThat = before;
      before = now;
    }
    return before * before + beforeThat * beforeThat - coefficient * before * beforeThat;
  }
}
