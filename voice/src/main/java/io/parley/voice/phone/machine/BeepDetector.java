package io.parley.voice.phone.machine;

import io.parley.voice.media.Goertzel;
import io.parley.voice.media.Pcm16;

/**
 * An answering machine's beep in the callee's audio: one steady tone between {@value #LOWEST} and
 * {@value #HIGHEST} Hz (machines beep anywhere from 400 Hz to 2 kHz, most near 1 kHz) that holds
 * for {@value #MIN_FRAMES} frames of 20 ms. Each frame is measured with the Goertzel algorithm on
 * a 50 Hz grid; a frame holds the tone when its strongest bin and the two beside it carry most of
 * the frame's energy (a tone between two bins spreads over both; speech spreads its energy over
 * its harmonics and formants) and it is loud enough, and the tone stays when the strongest bin
 * moves by one at most from frame to frame. The beep is over once two frames in a row miss it.
 * Pure and not thread-safe: one call's audio feeds it, frame by frame, at 8 kHz.
 */
final class BeepDetector {
  static final int LOWEST = 350;
  static final int HIGHEST = 2500;
  private static final int STEP = 50;
  /** The share of a frame's energy the tone's bins carry; a pure tone has about 0.85 even between two bins. */
  private static final double MIN_SHARE = 0.7;
  /** About -40 dBFS: quieter is line noise. */
  private static final double MIN_RMS = 300;
  /** 120 ms of the same tone: longer than a sung vowel of a synthetic voice holds one harmonic. */
  static final int MIN_FRAMES = 6;
  private static final int GAP_FRAMES = 2;

  /** What the tone did with the last frame. */
  enum Tone { NONE, HOLDING, STARTED, ENDED }

  private final double[] coefficients;
  private int bin = -1;
  private int frames;
  private int missed;
  private boolean beeping;

  BeepDetector(int sampleRate) {
    int bins = (HIGHEST - LOWEST) / STEP + 1;
    coefficients = new double[bins];
    for (int i = 0; i < bins; i++) coefficients[i] = Goertzel.coefficient(LOWEST + i * STEP, sampleRate);
  }

  /**
   * The next frame of the callee's audio: {@link Tone#STARTED} once a tone has held long enough to
   * be a beep, {@link Tone#ENDED} when that beep stops, {@link Tone#HOLDING} while a tone (a beep or
   * not yet) goes on, else {@link Tone#NONE}.
   */
  Tone frame(short[] samples) {
    int now = toneBin(samples);
    boolean same = now >= 0 && bin >= 0 && Math.abs(now - bin) <= 1;
    if (now >= 0) {
      frames = same || frames == 0 ? frames + 1 : 1;
      bin = now;
      missed = 0;
      if (!beeping && frames >= MIN_FRAMES) {
        beeping = true;
        return Tone.STARTED;
      }
      return Tone.HOLDING;
    }
    missed++;
    if (missed < GAP_FRAMES) return frames > 0 ? Tone.HOLDING : Tone.NONE;
    frames = 0;
    bin = -1;
    if (beeping) {
      beeping = false;
      return Tone.ENDED;
    }
    return Tone.NONE;
  }

  /** The frame's tone as its strongest bin, or -1 when the frame holds no tone. */
  private int toneBin(short[] samples) {
    if (samples.length == 0 || Pcm16.rms(samples) < MIN_RMS) return -1;
    double energy = 0;
    for (short sample : samples) energy += (double) sample * sample;
    double[] powers = new double[coefficients.length];
    int strongest = 0;
    for (int i = 0; i < coefficients.length; i++) {
      powers[i] = Goertzel.power(samples, coefficients[i]);
      if (powers[i] > powers[strongest]) strongest = i;
    }
    double tone = powers[strongest] + (strongest > 0 ? powers[strongest - 1] : 0)
        + (strongest < powers.length - 1 ? powers[strongest + 1] : 0);
    // A tone of amplitude A gives a power of (A·N/2)² and an energy of N·A²/2: the ratio is N/2.
    return tone / (energy * samples.length / 2) >= MIN_SHARE ? strongest : -1;
  }
}
