package io.parley.voice.media;

import java.util.Arrays;

/**
 * The fallback voice-activity detector, for when no model is loaded, and for tests: loudness alone.
 * A frame's RMS energy maps to a probability on a logistic curve in decibels around the threshold:
 * 0.5 at the threshold, 0.9 at twice it, 0.1 at half. It cannot tell speech from loud noise or music;
 * the {@link TurnDetector}'s minimum speech duration keeps short bangs and coughs out.
 */
public final class EnergyVoiceActivity implements VoiceActivityDetector {
  /** On a sipp test call, speech frames were above this rms and line noise well below. */
  public static final double DEFAULT_RMS_THRESHOLD = 500;
  /** Decibels for the odds to grow e-fold, so that 6 dB over the threshold (twice it) gives 0.9. */
  private static final double DECIBELS_PER_E_FOLD = 6 / Math.log(9);

  private final int sampleRate;
  private final double rmsThreshold;

  public EnergyVoiceActivity(int sampleRate, double rmsThreshold) {
    if (sampleRate <= 0) throw new IllegalArgumentException("sampleRate must be positive, got " + sampleRate);
    if (!(rmsThreshold > 0)) throw new IllegalArgumentException("rmsThreshold must be positive, got " + rmsThreshold);
    this.sampleRate = sampleRate;
    this.rmsThreshold = rmsThreshold;
  }

  public static EnergyVoiceActivity defaults(int sampleRate) {
    return new EnergyVoiceActivity(sampleRate, DEFAULT_RMS_THRESHOLD);
  }

  @Override
  public String name() {
    return "energy";
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  /**
   * Loudness is the same at any rate, so audio at or below this detector's rate is judged as it
   * comes (a call's 8 kHz costs no resampling); above it, at this rate, which the recogniser usually
   * shares, so one resampling serves both.
   */
  @Override
  public int sampleRateFor(int audioRate) {
    return Math.min(audioRate, sampleRate);
  }

  /** Streams share nothing and keep no state, as each frame is judged on its own. */
  @Override
  public VoiceActivityStream open() {
    return new VoiceActivityStream() {
      @Override
      public double speechProbability(short[] frame) {
        return probability(frame);
      }

      @Override
      public void close() {}
    };
  }

  /**
   * {@code speech} from its first 20 ms frame of at least {@code minProbability} to its last: a
   * synthesiser's quiet lead-in and tail left out, so that pauses put between phrases are exact.
   * Empty when no frame is.
   */
  public short[] voicedPart(short[] speech, double minProbability) {
    int frame = sampleRate / 50;
    int first = -1;
    int last = -1;
    for (int at = 0; at + frame <= speech.length; at += frame) {
      if (probability(Arrays.copyOfRange(speech, at, at + frame)) < minProbability) continue;
      if (first < 0) first = at;
      last = at + frame;
    }
    return first < 0 ? new short[0] : Arrays.copyOfRange(speech, first, last);
  }

  /** The probability that the frame is speech, from its loudness alone. */
  public double probability(short[] frame) {
    double rms = Pcm16.rms(frame);
    if (rms == 0) return 0;
    double decibelsOver = 20 * Math.log10(rms / rmsThreshold);
    return 1 / (1 + Math.exp(-decibelsOver / DECIBELS_PER_E_FOLD));
  }
}
