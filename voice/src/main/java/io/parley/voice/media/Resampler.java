package io.parley.voice.media;

import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * Changes the sample rate of one stream of audio: the browser's 48 kHz to a recogniser's 16 kHz, a
 * synthesiser's 24 kHz to the phone's 8 kHz. Each output sample is a Kaiser-windowed sinc filter over
 * the input, cut off just below the lower of the two Nyquist frequencies, so downsampling removes what
 * the new rate cannot carry instead of folding it back as aliasing, and upsampling interpolates
 * without mirror images. Any pair of rates whose ratio reduces to at most 2000 (such as 441:80)
 * works; identical rates pass the audio through untouched.
 *
 * <p>The filter keeps the input it still needs between calls, so a stream fed frame by frame comes out
 * exactly as if resampled in one piece: no clicks at frame edges. For that, output lags the input by
 * the filter's half-length (24 samples of the lower rate, 1.5 ms at 16 kHz, 3 ms at 8 kHz): each output
 * sample is produced as soon as the input it needs has arrived, so 20 ms in gives exactly 20 ms out
 * whenever 20 ms is a whole number of samples at both rates. Not thread-safe: one per stream.
 */
public final class Resampler {
  /** Zero crossings of the sinc on each side, counted at the lower rate: how sharp the cut-off is. */
  private static final int ZERO_CROSSINGS = 24;
  /** The cut-off as a share of the lower Nyquist frequency; above it lies the filter's transition band. */
  private static final double CUTOFF = 0.9;
  /** Kaiser window shape for about 80 dB of attenuation beyond the transition band. */
  private static final double KAISER_BETA = 8.0;
  /** One filter per output phase: more than this (an odd pair such as 44100 to 47999) is refused. */
  private static final int MAX_PHASES = 2000;

  private final int fromRate;
  private final int toRate;
  /** Output sample n lies at input position n * down / up. */
  private final int up;
  private final int down;
  private final int halfTaps;
  /** {@code phases[p][j]}: weight of input sample base - halfTaps + 1 + j for an output at base + p / up. */
  private final double[][] phases;
  /** Output samples the stream lags behind, so that every output's input has arrived. */
  private final int delay;

  /** The input still needed, as doubles (each sample is read by many outputs; converted once). */
  private double[] history;
  /** Stream index of {@code history[0]}; negative at first: the silence before the stream began. */
  private long historyStart;
  private long produced;

  public Resampler(int fromRate, int toRate) {
    if (fromRate <= 0 || toRate <= 0) {
      throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " and " + toRate);
    }
    int common = greatestCommonDivisor(fromRate, toRate);
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.up = toRate / common;
    this.down = fromRate / common;
    if (up > MAX_PHASES) {
      throw new IllegalArgumentException("cannot resample " + fromRate + " Hz to " + toRate
          + " Hz: the ratio " + down + ":" + up + " needs more than " + MAX_PHASES + " filters");
    }
    // Downsampling widens the filter in input samples, as its cut-off is lower.
    this.halfTaps = (int) Math.ceil(ZERO_CROSSINGS * Math.max(1.0, (double) down / up));
    this.phases = filterPhases(up, down, halfTaps);
    this.delay = (int) ceilDiv((long) halfTaps * up, down);
    // Silence before the stream began, so the filter never checks for the stream's start.
    this.historyStart = Math.min(0, firstInputOf(0));
    this.history = new double[(int) -historyStart];
  }

  /** Resamples a whole recording: no delay, and the last samples are not held back. */
  public static short[] resample(short[] in, int fromRate, int toRate) {
    Resampler resampler = new Resampler(fromRate, toRate);
    if (fromRate == toRate) return in.clone();
    int length = (int) ceilDiv((long) in.length * resampler.up, resampler.down);
    // Trailing silence pushes the last samples through the filter; the leading delay is dropped.
    int flush = (int) ((resampler.delay + 1L) * resampler.down / resampler.up) + 1;
    short[] out = resampler.process(Arrays.copyOf(in, in.length + flush));
    return Arrays.copyOfRange(out, resampler.delay, resampler.delay + length);
  }

  /**
   * A stream's frames at {@code from} as frames at {@code to}: through a resampler of their own, or,
   * when the rates are equal, the frame itself (no filter and no copy, for a caller that does not
   * keep the frame it gives).
   */
  public static UnaryOperator<short[]> converting(int from, int to) {
    if (from == to) return UnaryOperator.identity();
    return new Resampler(from, to)::process;
  }

  public int fromRate() {
    return fromRate;
  }

  public int toRate() {
    return toRate;
  }

  /** The output for the next frame of the stream: every sample whose input has now arrived. */
  public short[] process(short[] in) {
    if (fromRate == toRate) return in.clone();
    double[] input = Arrays.copyOf(history, history.length + in.length);
    for (int i = 0; i < in.length; i++) input[history.length + i] = in[i];
    long received = historyStart + input.length;
    long ready = ceilDiv(received * up, down);
    short[] out = new short[(int) (ready - produced)];
    for (int i = 0; i < out.length; i++) out[i] = sampleAt(produced + i, input);
    produced = ready;

    long keepFrom = Math.min(received, Math.max(historyStart, firstInputOf(produced)));
    history = Arrays.copyOfRange(input, (int) (keepFrom - historyStart), input.length);
    historyStart = keepFrom;
    return out;
  }

  private short sampleAt(long n, double[] input) {
    int at = (int) (firstInputOf(n) - historyStart);
    double sum = up == 1 ? foldedSum(at, input) : sum(phases[(int) Math.floorMod((n - delay) * down, up)], at, input);
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(sum)));
  }

  private static double sum(double[] taps, int at, double[] input) {
    // Four sums, not one: each addition need not wait for the one before (the filter is every call's
    // hottest loop; a single chain of additions is bound by their latency).
    double sum0 = 0;
    double sum1 = 0;
    double sum2 = 0;
    double sum3 = 0;
    int j = 0;
    for (; j + 3 < taps.length; j += 4) {
      sum0 += taps[j] * input[at + j];
      sum1 += taps[j + 1] * input[at + j + 1];
      sum2 += taps[j + 2] * input[at + j + 2];
      sum3 += taps[j + 3] * input[at + j + 3];
    }
    for (; j < taps.length; j++) sum0 += taps[j] * input[at + j];
    return (sum0 + sum1) + (sum2 + sum3);
  }

  /**
   * Downsampling by a whole factor (a synthesiser's 24 kHz to a call's 8, a browser's 48 to 16) has
   * one filter, symmetric about its centre tap (its last tap is zero): each weight serves the two
   * inputs at the same distance on either side, half the multiplications of {@link #sum}.
   */
  private double foldedSum(int at, double[] input) {
    double[] taps = phases[0];
    int centre = halfTaps - 1;
    int mirror = at + 2 * centre;
    double sum0 = taps[centre] * input[at + centre];
    double sum1 = 0;
    double sum2 = 0;
    double sum3 = 0;
    int j = 0;
    for (; j + 3 < centre; j += 4) {
      sum0 += taps[j] * (input[at + j] + input[mirror - j]);
      sum1 += taps[j + 1] * (input[at + j + 1] + input[mirror - j - 1]);
      sum2 += taps[j + 2] * (input[at + j + 2] + input[mirror - j - 2]);
      sum3 += taps[j + 3] * (input[at + j + 3] + input[mirror - j - 3]);
    }
    for (; j < centre; j++) sum0 += taps[j] * (input[at + j] + input[mirror - j]);
    return (sum0 + sum1) + (sum2 + sum3);
  }

  private long firstInputOf(long n) {
    return Math.floorDiv((n - delay) * down, up) - halfTaps + 1;
  }

  private static double[][] filterPhases(int up, int down, int halfTaps) {
    double cutoff = CUTOFF * 0.5 * Math.min(1.0, (double) up / down); // in cycles per input sample
    double[][] phases = new double[up][2 * halfTaps];
    for (int phase = 0; phase < up; phase++) {
      double[] taps = phases[phase];
      double sum = 0;
      for (int j = 0; j < taps.length; j++) {
        double distance = halfTaps - 1 - j + (double) phase / up;
        taps[j] = sinc(2 * cutoff * distance) * kaiser(distance / halfTaps);
        sum += taps[j];
      }
      // Unity gain at every phase, or the phases' slightly different gains would add a faint tone.
      for (int j = 0; j < taps.length; j++) taps[j] /= sum;
    }
    return phases;
  }

  private static double sinc(double x) {
    return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
  }

  private static double kaiser(double x) {
    return Math.abs(x) >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / besselI0(KAISER_BETA);
  }

  /** The modified Bessel function of order zero, by its power series (converges fast for the betas used). */
  private static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    for (int k = 1; term > 1e-12 * sum; k++) {
      term *= (x / (2 * k)) * (x / (2 * k));
      sum += term;
    }
    return sum;
  }

  private static long ceilDiv(long dividend, long divisor) {
    return Math.floorDiv(dividend + divisor - 1, divisor);
  }

  private static int greatestCommonDivisor(int a, int b) {
    return b == 0 ? a : greatestCommonDivisor(b, a % b);
  }
}
