package io.parley.voice.media;

/**
 * Keys the bot presses as in-band tones, for a far end that takes no telephone-events: each key
 * 100 ms of its row and column frequencies ({@link ToneDetector}'s), each at about -12 dBFS, then
 * 100 ms of silence before the next, as a phone's keypad sends them (ITU-T Q.24 asks for at least
 * 40 ms of each). 8 kHz PCM16. Pure.
 */
public final class KeyTones {
  static final int RATE = 8_000;
  static final int TONE_SAMPLES = RATE / 10;
  static final int GAP_SAMPLES = RATE / 10;
  private static final double AMPLITUDE = 8_000;

  private KeyTones() {}

  /** The audio of {@code keys} (0-9, *, #, A-D) pressed one after the other. */
  public static short[] of(String keys) {
    short[] samples = new short[keys.length() * (TONE_SAMPLES + GAP_SAMPLES)];
    for (int k = 0; k < keys.length(); k++) {
      double[] pair = frequencies(keys.charAt(k));
      int start = k * (TONE_SAMPLES + GAP_SAMPLES);
      for (int i = 0; i < TONE_SAMPLES; i++) {
        double t = (double) i / RATE;
        samples[start + i] = (short) Math.round(AMPLITUDE * (Math.sin(2 * Math.PI * pair[0] * t)
            + Math.sin(2 * Math.PI * pair[1] * t)));
      }
    }
    return samples;
  }

  private static double[] frequencies(char key) {
    for (int row = 0; row < ToneDetector.KEYS.length; row++) {
      int column = ToneDetector.KEYS[row].indexOf(key);
      if (column >= 0) return new double[] {ToneDetector.ROWS[row], ToneDetector.COLUMNS[column]};
    }
    throw new IllegalArgumentException("not a key of the keypad: " + key);
  }
}
