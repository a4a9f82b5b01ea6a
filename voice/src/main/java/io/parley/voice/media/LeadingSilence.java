package io.parley.voice.media;

import java.util.Arrays;

/**
 * Cuts the quiet a synthesiser puts before a sentence's first sound (flite's is about 200 ms),
 * which the caller would otherwise wait through before the answer starts. The sentence's audio
 * comes in chunks; until a 5 ms window's RMS reaches {@code threshold} nothing is passed on, then
 * the last {@code keepMillis} before that window (a natural onset: the breath before an "h") and
 * everything after it are. One per sentence; not thread-safe.
 */
public final class LeadingSilence {
  private static final int WINDOW_MILLIS = 5;

  private final int threshold;
  private final int window;
  private final int keep;
  /** The kept lead and the samples not yet judged, until the first sound. */
  private short[] held = new short[0];
  /** How many of the held samples, from the start, were judged quiet. */
  private int quietHeld;
  private boolean sounding;

  /**
   * @param threshold RMS (0 to 32767) of a 5 ms window that is sound; 0 passes everything on
   * @param keepMillis quiet kept before the first sound
   */
  public LeadingSilence(int sampleRate, int threshold, int keepMillis) {
    if (sampleRate <= 0) throw new IllegalArgumentException("sampleRate must be positive, got " + sampleRate);
    if (threshold < 0) throw new IllegalArgumentException("threshold must not be negative, got " + threshold);
    if (keepMillis < 0) throw new IllegalArgumentException("keepMillis must not be negative, got " + keepMillis);
    this.threshold = threshold;
    this.window = Math.max(1, sampleRate * WINDOW_MILLIS / 1000);
    this.keep = sampleRate * keepMillis / 1000;
    this.sounding = threshold == 0;
  }

  /** What of {@code chunk} to play: nothing while it is leading quiet, then from just before the first sound on. */
  public short[] next(short[] chunk) {
    if (sounding) return chunk;
    short[] all = Arrays.copyOf(held, held.length + chunk.length);
    System.arraycopy(chunk, 0, all, held.length, chunk.length);
    for (int start = quietHeld; start + window <= all.length; start += window) {
      if (Pcm16.rms(Arrays.copyOfRange(all, start, start + window)) >= threshold) {
        sounding = true;
        held = new short[0];
        return Arrays.copyOfRange(all, Math.max(0, start - keep), all.length);
      }
    }
    int judged = quietHeld + (all.length - quietHeld) / window * window;
    int from = Math.max(0, judged - keep);
    held = Arrays.copyOfRange(all, from, all.length);
    quietHeld = judged - from;
    return new short[0];
  }
}
