package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ResamplerTest {
  private static final int[] RATES = {8000, 16000, 24000, 44100, 48000};

  @Test
  void aSineKeepsItsFrequencyAndAmplitudeBetweenAnyTwoRates() {
    for (int from : RATES) {
      for (int to : RATES) {
        short[] out = Resampler.resample(sine(1000, 10_000, from, 1000), from, to);
        String pair = from + " -> " + to;
        assertEquals(to, out.length, pair);
        // Away from the edges, where the filter sees silence beyond the recording.
        short[] middle = Arrays.copyOfRange(out, to / 10, to * 9 / 10);
        assertEquals(1600, zeroCrossings(middle), 2, pair + ": 1 kHz over 0.8 s crosses zero 1600 times");
        assertEquals(10_000 / Math.sqrt(2), Pcm16.rms(middle), 10_000 * 0.01, pair + ": amplitude kept within 1%");
      }
    }
  }

  @Test
  void equalRatesPassTheAudioThrough() {
    short[] in = noise(480, 1);
    Resampler resampler = new Resampler(16000, 16000);
    short[] out = resampler.process(in);
    assertArrayEquals(in, out);
    assertNotSame(in, out, "the caller may reuse its array");
    assertArrayEquals(in, Resampler.resample(in, 16000, 16000));
  }

  @Test
  void aStreamsConversionIsItsOwnResamplerOrNothingAtAll() {
    short[] in = noise(160, 2);
    assertSame(in, Resampler.converting(8000, 8000).apply(in), "equal rates: the frame itself, not a copy");

    UnaryOperator<short[]> upsampling = Resampler.converting(8000, 16000);
    Resampler alone = new Resampler(8000, 16000);
    for (int frame = 0; frame < 3; frame++) {
      assertArrayEquals(alone.process(in), upsampling.apply(in), "frame " + frame + ": the filter keeps its stream");
    }
  }

  @Test
  void twentyMillisecondsInGiveTwentyMillisecondsOut() {
    assertFrameLengths(48000, 16000, 960, 320);
    assertFrameLengths(44100, 16000, 882, 320);
    assertFrameLengths(8000, 24000, 160, 480);
    assertFrameLengths(16000, 8000, 320, 160);
    assertFrameLengths(24000, 44100, 480, 882);
    assertFrameLengths(48000, 44100, 960, 882);

    assertEquals(363, Resampler.resample(new short[1000], 44100, 16000).length, "rounded up: 1000 * 160 / 441");
    assertEquals(0, Resampler.resample(new short[0], 8000, 16000).length);
  }

  @Test
  void frameByFrameGivesTheSameAsOneCallOnTheWhole() {
    short[] speechLike = mix(sine(220, 6000, 48000, 1000), sine(1330, 3000, 48000, 1000), noise(48000, 7));
    for (int[] pair : new int[][] {{48000, 16000}, {8000, 16000}, {44100, 16000}, {24000, 8000}, {16000, 44100}}) {
      short[] in = pair[0] == 48000 ? speechLike : Resampler.resample(speechLike, 48000, pair[0]);
      short[] whole = new Resampler(pair[0], pair[1]).process(in);

      Resampler streaming = new Resampler(pair[0], pair[1]);
      short[] framed = new short[0];
      int[] awkwardSizes = {pair[0] / 50, 1, 7, 333, 0, pair[0] / 100};
      for (int at = 0, i = 0; at < in.length; i++) {
        int size = Math.min(awkwardSizes[i % awkwardSizes.length], in.length - at);
        framed = concat(framed, streaming.process(Arrays.copyOfRange(in, at, at + size)));
        at += size;
      }
      assertArrayEquals(whole, framed, pair[0] + " -> " + pair[1]);
    }
  }

  @Test
  void aStreamLagsOnlyByTheFilterAndMatchesTheWholeRecordingResampler() {
    short[] in = sine(440, 8000, 48000, 200);
    short[] streamed = new Resampler(48000, 16000).process(in);
    short[] whole = Resampler.resample(in, 48000, 16000);
    int lag = 24; // the filter's half-length at 16 kHz
    for (int n = 0; n + lag < streamed.length; n++) assertEquals(whole[n], streamed[n + lag], "sample " + n);
  }

  @Test
  void downsamplingFiltersOutWhatTheLowerRateCannotCarry() {
    for (int from : new int[] {16000, 24000, 44100, 48000}) {
      // Plain decimation would fold 6 kHz back to 2 kHz at full strength.
      short[] out = Resampler.resample(sine(6000, 10_000, from, 500), from, 8000);
      assertTrue(Pcm16.rms(out) < 10_000 * 0.01, from + " -> 8000: a 6 kHz tone kept rms " + Pcm16.rms(out));
      assertTrue(amplitudeAt(out, 8000, 2000) < 50, from + " -> 8000: alias at 2 kHz");
    }
    short[] out = Resampler.resample(sine(10_000, 10_000, 44100, 500), 44100, 16000);
    assertTrue(Pcm16.rms(out) < 10_000 * 0.01, "44.1 kHz -> 16 kHz: 10 kHz would alias to 6 kHz");
  }

  @Test
  void upsamplingInterpolatesWithoutMirrorImages() {
    short[] out = Resampler.resample(sine(1000, 10_000, 8000, 500), 8000, 48000);
    assertEquals(10_000, amplitudeAt(out, 48000, 1000), 150);
    // Holding or linearly joining the samples would leave images at 8 kHz - 1 kHz and 8 kHz + 1 kHz.
    assertTrue(amplitudeAt(out, 48000, 7000) < 20, "image at 7 kHz: " + amplitudeAt(out, 48000, 7000));
    assertTrue(amplitudeAt(out, 48000, 9000) < 20, "image at 9 kHz: " + amplitudeAt(out, 48000, 9000));
  }

  @Test
  void fullScaleInputIsClippedNotWrapped() {
    short[] square = new short[1600];
    for (int i = 0; i < square.length; i++) square[i] = (i / 40) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE;
    short[] out = Resampler.resample(square, 16000, 48000);
    // The filter overshoots at each edge (Gibbs); wrapping would flip the sign of the overshoot.
    for (int i = 1; i < out.length; i++) {
      assertTrue(Math.abs(out[i] - out[i - 1]) < 40_000, "jump of " + (out[i] - out[i - 1]) + " at " + i);
    }
  }

  @Test
  void refusesRatesItCannotHandle() {
    assertThrows(IllegalArgumentException.class, () -> new Resampler(0, 16000));
    assertThrows(IllegalArgumentException.class, () -> new Resampler(16000, -1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Resampler(44100, 47999));
    assertTrue(e.getMessage().contains("47999"), e.getMessage());
    Resampler resampler = new Resampler(44100, 16000);
    assertEquals(44100, resampler.fromRate());
    assertEquals(16000, resampler.toRate());
  }

  private static void assertFrameLengths(int from, int to, int frameIn, int frameOut) {
    Resampler resampler = new Resampler(from, to);
    for (int i = 0; i < 5; i++) {
      assertEquals(frameOut, resampler.process(new short[frameIn]).length, from + " -> " + to + ", frame " + i);
    }
  }

  static short[] sine(double frequency, double amplitude, int rate, int millis) {
    short[] samples = new short[rate * millis / 1000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * frequency * i / rate));
    }
    return samples;
  }

  private static short[] noise(int length, long seed) {
    Random random = new Random(seed);
    short[] samples = new short[length];
    for (int i = 0; i < length; i++) samples[i] = (short) (random.nextGaussian() * 1000);
    return samples;
  }

  private static short[] mix(short[]... signals) {
    short[] sum = new short[signals[0].length];
    for (short[] signal : signals) {
      for (int i = 0; i < sum.length; i++) sum[i] += signal[i];
    }
    return sum;
  }

  private static short[] concat(short[] first, short[] second) {
    short[] joined = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, joined, first.length, second.length);
    return joined;
  }

  private static int zeroCrossings(short[] samples) {
    int crossings = 0;
    for (int i = 1; i < samples.length; i++) {
      if ((samples[i - 1] < 0) != (samples[i] < 0)) crossings++;
    }
    return crossings;
  }

  /** The amplitude of one frequency in the signal (a single bin of a Fourier transform). */
  private static double amplitudeAt(short[] samples, int rate, double frequency) {
    double re = 0;
    double im = 0;
    for (int i = 0; i < samples.length; i++) {
      double angle = 2 * Math.PI * frequency * i / rate;
      re += samples[i] * Math.cos(angle);
      im -= samples[i] * Math.sin(angle);
    }
    return 2 * Math.hypot(re, im) / samples.length;
  }
}
