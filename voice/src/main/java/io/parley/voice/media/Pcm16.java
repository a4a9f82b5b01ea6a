package io.parley.voice.media;

import java.util.List;

/**
 * 16-bit PCM as it travels: little-endian bytes on the wire (WebSocket frames, WAV data) and
 * {@code short} samples in memory, plus the loudness measure the voice-activity fallback uses.
 */
public final class Pcm16 {
  private Pcm16() {}

  /** {@code parts} one after the other. */
  public static short[] concat(List<short[]> parts) {
    short[] all = new short[parts.stream().mapToInt(part -> part.length).sum()];
    int at = 0;
    for (short[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  public static short[] fromLittleEndian(byte[] bytes) {
    return fromLittleEndian(bytes, 0, bytes.length);
  }

  /** The samples in {@code length} bytes from {@code offset}, for PCM inside a larger buffer (a WAV file). */
  public static short[] fromLittleEndian(byte[] bytes, int offset, int length) {
    if (length % 2 != 0) {
      throw new IllegalArgumentException("PCM16 needs an even number of bytes (2 per sample), got " + length);
    }
    short[] samples = new short[length / 2];
    for (int i = 0; i < samples.length; i++) {
      int at = offset + 2 * i;
      samples[i] = (short) ((bytes[at] & 0xFF) | (bytes[at + 1] << 8));
    }
    return samples;
  }

  public static byte[] toLittleEndian(short[] samples) {
    byte[] bytes = new byte[samples.length * 2];
    for (int i = 0; i < samples.length; i++) {
      bytes[2 * i] = (byte) samples[i];
      bytes[2 * i + 1] = (byte) (samples[i] >> 8);
    }
    return bytes;
  }

  /** Root mean square of the samples, in sample units (0 to 32768); 0 for no samples. */
  public static double rms(short[] samples) {
    if (samples.length == 0) return 0;
    double sumOfSquares = 0;
    for (short sample : samples) sumOfSquares += (double) sample * sample;
    return Math.sqrt(sumOfSquares / samples.length);
  }
}
