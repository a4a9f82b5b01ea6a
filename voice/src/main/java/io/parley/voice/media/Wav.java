package io.parley.voice.media;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * WAV files (RIFF/WAVE with 16-bit PCM): recordings for tests, uploads, downloads of a call. Writes
 * mono; reads mono or stereo (averaged to mono, as the voice pipeline is mono) and skips the chunks it
 * does not need ({@code LIST}, {@code fact}, ...). Anything else is refused with a message saying what
 * the file holds, rather than read as noise.
 */
public final class Wav {
  private static final int PCM = 1;
  /** A format tag meaning "see the sub-format", used by some tools even for plain 16-bit PCM. */
  private static final int EXTENSIBLE = 0xFFFE;
  private static final int HEADER_BYTES = 44;

  private Wav() {}

  public static byte[] write(AudioChunk audio) {
    byte[] data = Pcm16.toLittleEndian(audio.samples());
    ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + data.length).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(US_ASCII)).putInt(HEADER_BYTES - 8 + data.length).put("WAVE".getBytes(US_ASCII));
    wav.put("fmt ".getBytes(US_ASCII)).putInt(16);
    wav.putShort((short) PCM).putShort((short) 1).putInt(audio.sampleRate()).putInt(audio.sampleRate() * 2);
    wav.putShort((short) 2).putShort((short) 16);
    wav.put("data".getBytes(US_ASCII)).putInt(data.length).put(data);
    return wav.array();
  }

  public static AudioChunk read(byte[] wav) {
    ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (wav.length < 12 || !tag(wav, 0).equals("RIFF") || !tag(wav, 8).equals("WAVE")) {
      throw new IllegalArgumentException("not a WAV file: it does not start with RIFF....WAVE");
    }
    Format format = null;
    int at = 12;
    while (at + 8 <= wav.length) {
      String id = tag(wav, at);
      long size = Integer.toUnsignedLong(in.getInt(at + 4));
      int body = at + 8;
      if (size > wav.length - body) {
        throw new IllegalArgumentException("truncated WAV file: the '" + id + "' chunk declares " + size
            + " bytes but only " + (wav.length - body) + " follow");
      }
      if (id.equals("fmt ")) {
        format = Format.read(in, body, (int) size);
      } else if (id.equals("data")) {
        if (format == null) throw new IllegalArgumentException("invalid WAV file: the data chunk comes before 'fmt '");
        return format.decode(wav, body, (int) size);
      }
      at = body + (int) size + (int) (size & 1); // chunks are padded to an even length
    }
    throw new IllegalArgumentException("truncated WAV file: no " + (format == null ? "'fmt '" : "data") + " chunk");
  }

  private static String tag(byte[] wav, int at) {
    return new String(wav, at, 4, US_ASCII);
  }

  /** What the {@code fmt } chunk says, once checked to be 16-bit PCM in one or two channels. */
  private record Format(int channels, int sampleRate) {
    static Format read(ByteBuffer in, int at, int size) {
      if (size < 16) throw new IllegalArgumentException("invalid WAV file: 'fmt ' chunk of " + size + " bytes");
      int tag = Short.toUnsignedInt(in.getShort(at));
      if (tag == EXTENSIBLE && size >= 26) tag = Short.toUnsignedInt(in.getShort(at + 24));
      int channels = in.getShort(at + 2);
      int sampleRate = in.getInt(at + 4);
      int bits = in.getShort(at + 14);
      if (tag != PCM) {
        throw new IllegalArgumentException("WAV file is not PCM but format " + tag + " (3 is float, 6 A-law, 7 μ-law)");
      }
      if (bits != 16) throw new IllegalArgumentException("WAV file has " + bits + "-bit samples, only 16-bit is read");
      if (channels != 1 && channels != 2) {
        throw new IllegalArgumentException("WAV file has " + channels + " channels, only mono or stereo is read");
      }
      if (sampleRate <= 0) throw new IllegalArgumentException("invalid WAV file: sample rate " + sampleRate);
      return new Format(channels, sampleRate);
    }

    AudioChunk decode(byte[] wav, int at, int size) {
      int frameBytes = 2 * channels;
      if (size % frameBytes != 0) {
        throw new IllegalArgumentException("truncated WAV file: " + size + " bytes of data is not a whole number of "
            + frameBytes + "-byte frames");
      }
      short[] interleaved = Pcm16.fromLittleEndian(wav, at, size);
      if (channels == 1) return new AudioChunk(interleaved, sampleRate);
      short[] mono = new short[interleaved.length / 2];
      for (int i = 0; i < mono.length; i++) mono[i] = (short) ((interleaved[2 * i] + interleaved[2 * i + 1]) / 2);
      return new AudioChunk(mono, sampleRate);
    }
  }
}
