package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EnergyVoiceActivityTest {
  private static final int RATE = 16000;
  private static final int FRAME = RATE / 50;

  private final EnergyVoiceActivity detector = EnergyVoiceActivity.defaults(RATE);

  @Test
  void silenceAndLineNoiseAreNotSpeech() {
    try (VoiceActivityStream stream = detector.open()) {
      assertEquals(0, stream.speechProbability(new short[FRAME]));
      short[] noise = noise(50, 1);
      assertEquals(50, Pcm16.rms(noise), 3);
      assertTrue(stream.speechProbability(noise) < 0.01, "rms 50: " + stream.speechProbability(noise));
    }
  }

  @Test
  void voicedSoundAtSpeechLevelIsSpeech() {
    short[] voiced = voiced(3000);
    assertEquals(3000, Pcm16.rms(voiced), 30);
    try (VoiceActivityStream stream = detector.open()) {
      assertTrue(stream.speechProbability(voiced) > 0.99, "rms 3000: " + stream.speechProbability(voiced));
    }
  }

  @Test
  void theThresholdIsTheMiddleOfTheCurve() {
    assertEquals(0.5, detector.probability(constant(500)), 1e-9);
    assertEquals(0.9, detector.probability(constant(1000)), 0.01, "twice the threshold");
    assertEquals(0.1, detector.probability(constant(250)), 0.01, "half the threshold");
    double previous = 0;
    for (int level = 1; level < 32000; level += 97) {
      double probability = detector.probability(constant(level));
      assertTrue(probability > previous && probability < 1, "rising and below 1 at " + level);
      previous = probability;
    }
  }

  @Test
  void aHigherThresholdForANoisyLine() {
    EnergyVoiceActivity noisyLine = new EnergyVoiceActivity(8000, 2000);
    assertTrue(noisyLine.probability(voiced(1000)) < 0.5);
    assertTrue(noisyLine.probability(voiced(4000)) > 0.5);
    assertEquals(8000, noisyLine.sampleRate());
    assertEquals("energy", noisyLine.name());
  }

  @Test
  void refusesSettingsThatMakeNoSense() {
    assertThrows(IllegalArgumentException.class, () -> new EnergyVoiceActivity(16000, 0));
    assertThrows(IllegalArgumentException.class, () -> new EnergyVoiceActivity(16000, Double.NaN));
    assertThrows(IllegalArgumentException.class, () -> new EnergyVoiceActivity(0, 500));
  }

  /** A vowel-like frame: a 140 Hz voice with its first harmonics, falling off as in speech, scaled to {@code rms}. */
  private static short[] voiced(double rms) {
    double[] wave = new double[FRAME];
    for (int harmonic = 1; harmonic <= 10; harmonic++) {
      for (int i = 0; i < FRAME; i++) wave[i] += Math.sin(2 * Math.PI * 140 * harmonic * i / RATE + harmonic) / harmonic;
    }
    double sumOfSquares = 0;
    for (double value : wave) sumOfSquares += value * value;
    double scale = rms / Math.sqrt(sumOfSquares / FRAME);
    short[] samples = new short[FRAME];
    for (int i = 0; i < FRAME; i++) samples[i] = (short) Math.round(wave[i] * scale);
    return samples;
  }

  private static short[] noise(double rms, long seed) {
    Random random = new Random(seed);
    short[] samples = new short[FRAME];
    for (int i = 0; i < FRAME; i++) samples[i] = (short) Math.round(random.nextGaussian() * rms);
    return samples;
  }

  private static short[] constant(int level) {
    short[] samples = new short[FRAME];
    for (int i = 0; i < FRAME; i++) samples[i] = (short) (i % 2 == 0 ? level : -level);
    return samples;
  }
}
