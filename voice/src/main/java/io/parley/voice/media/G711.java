package io.parley.voice.media;

/**
 * ITU-T G.711 companding, the audio of every phone call: μ-law (North America, Japan) and A-law
 * (everywhere else), one byte a sample at 8 kHz. Encoding keeps about 13 bits of dynamic range,
 * with a step that grows with the loudness; decoding returns the middle of the encoded step.
 * Bit for bit as the ITU's own reference code (G.191, {@code g711.c}) on 16-bit samples: negative
 * samples are taken in ones' complement, so -1 encodes as μ-law "negative zero" ({@code 0x7F}).
 * (Sun's widely copied {@code g711.c}, and Python's {@code audioop}, round negative μ-law samples
 * the other way at the step edges; A-law is the same in all three.)
 */
public final class G711 {
  /** μ-law adds this before finding the segment, so that the segments start at powers of two. */
  private static final int ULAW_BIAS = 0x84;
  /** The largest magnitude μ-law encodes without overflowing the top segment once biased. */
  private static final int ULAW_CLIP = 32635;
  /** A-law inverts every other bit so that silence (a run of small values) is not a run of zeros on the line. */
  private static final int ALAW_EVEN_BITS = 0x55;

  private G711() {}

  public static byte ulawEncode(short sample) {
    int sign = sample < 0 ? 0x80 : 0;
    int magnitude = Math.min(sample < 0 ? ~sample : sample, ULAW_CLIP) + ULAW_BIAS;
    int segment = highestBit(magnitude) - 7;
    int mantissa = (magnitude >> (segment + 3)) & 0x0F;
    return (byte) ~(sign | segment << 4 | mantissa);
  }

  public static short ulawDecode(byte encoded) {
    int bits = ~encoded & 0xFF;
    int segment = (bits >> 4) & 0x07;
    int mantissa = bits & 0x0F;
    int magnitude = (((mantissa << 3) + ULAW_BIAS) << segment) - ULAW_BIAS;
    return (short) ((bits & 0x80) != 0 ? -magnitude : magnitude);
  }

  public static byte alawEncode(short sample) {
    // A-law keeps 13 bits: the sign and a 12-bit magnitude.
    int sign = sample >= 0 ? 0x80 : 0;
    int magnitude = (sample >= 0 ? sample : ~sample) >> 3;
    int segment = Math.max(0, highestBit(magnitude) - 4);
    int mantissa = (magnitude >> Math.max(1, segment)) & 0x0F;
    return (byte) ((sign | segment << 4 | mantissa) ^ ALAW_EVEN_BITS);
  }

  public static short alawDecode(byte encoded) {
    int bits = (encoded & 0xFF) ^ ALAW_EVEN_BITS;
    int segment = (bits >> 4) & 0x07;
    int magnitude = (bits & 0x0F) << 4;
    magnitude = segment == 0 ? magnitude + 8 : (magnitude + 0x108) << (segment - 1);
    return (short) ((bits & 0x80) != 0 ? magnitude : -magnitude);
  }

  public static byte[] ulawEncode(short[] samples) {
    return encode(samples, G711::ulawEncode);
  }

  public static short[] ulawDecode(byte[] encoded) {
    return decode(encoded, G711::ulawDecode);
  }

  public static byte[] alawEncode(short[] samples) {
    return encode(samples, G711::alawEncode);
  }

  public static short[] alawDecode(byte[] encoded) {
    return decode(encoded, G711::alawDecode);
  }

  /** One law's coding of a sample. */
  private interface SampleEncoder {
    byte encode(short sample);
  }

  /** One law's decoding of a byte. */
  private interface SampleDecoder {
    short decode(byte encoded);
  }

  private static byte[] encode(short[] samples, SampleEncoder law) {
    byte[] encoded = new byte[samples.length];
    for (int i = 0; i < samples.length; i++) encoded[i] = law.encode(samples[i]);
    return encoded;
  }

  private static short[] decode(byte[] encoded, SampleDecoder law) {
    short[] samples = new short[encoded.length];
    for (int i = 0; i < encoded.length; i++) samples[i] = law.decode(encoded[i]);
    return samples;
  }

  /** Index of the highest set bit, -1 for zero. */
  private static int highestBit(int value) {
    return 31 - Integer.numberOfLeadingZeros(value);
  }
}
