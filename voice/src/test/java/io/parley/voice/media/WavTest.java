package io.parley.voice.media;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;

/** Java Sound serves as an independent WAV reader and writer to check against. */
class WavTest {
  private static final short[] SAMPLES = {0, 1, -1, 1000, -32768, 32767};

  @Test
  void writesTheCanonical44ByteHeader() {
    byte[] wav = Wav.write(new AudioChunk(new short[] {1, -2}, 16000));
    byte[] expected = {
      'R', 'I', 'F', 'F', 40, 0, 0, 0, 'W', 'A', 'V', 'E',
      'f', 'm', 't', ' ', 16, 0, 0, 0, 1, 0, 1, 0, (byte) 0x80, 0x3E, 0, 0, 0, 0x7D, 0, 0, 2, 0, 16, 0,
      'd', 'a', 't', 'a', 4, 0, 0, 0, 1, 0, (byte) 0xFE, (byte) 0xFF
    };
    assertArrayEquals(expected, wav);
  }

  @Test
  void whatItWritesReadsBackAndJavaSoundAgrees() throws Exception {
    byte[] wav = Wav.write(new AudioChunk(SAMPLES, 8000));

    AudioChunk read = Wav.read(wav);
    assertArrayEquals(SAMPLES, read.samples());
    assertEquals(8000, read.sampleRate());

    try (AudioInputStream stream = AudioSystem.getAudioInputStream(new ByteArrayInputStream(wav))) {
      AudioFormat format = stream.getFormat();
      assertEquals(AudioFormat.Encoding.PCM_SIGNED, format.getEncoding());
      assertEquals(8000, format.getSampleRate());
      assertEquals(1, format.getChannels());
      assertEquals(16, format.getSampleSizeInBits());
      assertArrayEquals(SAMPLES, Pcm16.fromLittleEndian(stream.readAllBytes()));
    }
  }

  @Test
  void readsAFileWrittenByJavaSound() throws Exception {
    assertArrayEquals(SAMPLES, Wav.read(javaSoundWav(SAMPLES, 1, 22050)).samples());

    short[] stereo = {100, 300, -100, -300, 32767, 32767, -32768, -32768};
    AudioChunk mono = Wav.read(javaSoundWav(stereo, 2, 44100));
    assertEquals(44100, mono.sampleRate());
    assertArrayEquals(new short[] {200, -200, 32767, -32768}, mono.samples(), "stereo is averaged to mono");
  }

  @Test
  void skipsChunksItDoesNotNeedIncludingOddSizedOnes() {
    byte[] wav = riff(
        chunk("fmt ", fmt(1, 1, 16000, 16)),
        chunk("LIST", "INFOISFT\5\0\0\0Lavf\0".getBytes(US_ASCII)),
        chunk("junk", new byte[] {7}),
        chunk("data", Pcm16.toLittleEndian(SAMPLES)),
        chunk("id3 ", new byte[] {1, 2, 3}));
    AudioChunk read = Wav.read(wav);
    assertArrayEquals(SAMPLES, read.samples());
    assertEquals(16000, read.sampleRate());
  }

  @Test
  void acceptsExtensibleFormatWhenTheSubFormatIsPcm() {
    ByteBuffer extensible = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).put(fmt(0xFFFE, 1, 16000, 16));
    extensible.putShort((short) 22).putShort((short) 16).putInt(4).putShort((short) 1);
    byte[] wav = riff(chunk("fmt ", extensible.array()), chunk("data", Pcm16.toLittleEndian(SAMPLES)));
    assertArrayEquals(SAMPLES, Wav.read(wav).samples());
  }

  @Test
  void refusesWhatItCannotReadSayingWhy() {
    byte[] data = chunk("data", new byte[12]);
    assertRefused("not PCM but format 3", riff(chunk("fmt ", fmt(3, 1, 16000, 32)), data));
    assertRefused("not PCM but format 7", riff(chunk("fmt ", fmt(7, 1, 8000, 8)), data));
    assertRefused("8-bit", riff(chunk("fmt ", fmt(1, 1, 8000, 8)), data));
    assertRefused("24-bit", riff(chunk("fmt ", fmt(1, 1, 48000, 24)), data));
    assertRefused("32-bit", riff(chunk("fmt ", fmt(1, 1, 48000, 32)), data));
    assertRefused("3 channels", riff(chunk("fmt ", fmt(1, 3, 48000, 16)), data));
    assertRefused("not a WAV file", "ID3\3\0\0\0\0\0\0\0\0\0\0".getBytes(US_ASCII));
    assertRefused("not a WAV file", new byte[5]);
    assertRefused("before 'fmt '", riff(data, chunk("fmt ", fmt(1, 1, 16000, 16))));
  }

  @Test
  void refusesTruncatedFiles() {
    byte[] wav = Wav.write(new AudioChunk(new short[100], 16000));
    assertRefused("declares 200 bytes but only 150 follow", Arrays.copyOf(wav, wav.length - 50));
    assertRefused("no data chunk", Arrays.copyOf(wav, 36));
    assertRefused("'fmt ' chunk declares 16 bytes", Arrays.copyOf(wav, 30));
    assertRefused("not a whole number of 4-byte frames",
        riff(chunk("fmt ", fmt(1, 2, 16000, 16)), chunk("data", new byte[6])));
  }

  private static void assertRefused(String reason, byte[] wav) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wav.read(wav));
    assertTrue(e.getMessage().contains(reason), "expected '" + reason + "' in: " + e.getMessage());
  }

  private static byte[] javaSoundWav(short[] interleaved, int channels, int rate) throws Exception {
    AudioFormat format = new AudioFormat(rate, 16, channels, true, false);
    byte[] pcm = Pcm16.toLittleEndian(interleaved);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AudioInputStream stream = new AudioInputStream(new ByteArrayInputStream(pcm), format, interleaved.length / channels);
    AudioSystem.write(stream, AudioFileFormat.Type.WAVE, out);
    return out.toByteArray();
  }

  private static byte[] fmt(int tag, int channels, int rate, int bits) {
    int blockAlign = channels * bits / 8;
    return ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
        .putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
        .putShort((short) blockAlign).putShort((short) bits).array();
  }

  private static byte[] chunk(String id, byte[] body) {
    ByteBuffer chunk = ByteBuffer.allocate(8 + body.length + body.length % 2).order(ByteOrder.LITTLE_ENDIAN);
    return chunk.put(id.getBytes(US_ASCII)).putInt(body.length).put(body).array();
  }

  private static byte[] riff(byte[]... chunks) {
    int size = 4 + Arrays.stream(chunks).mapToInt(c -> c.length).sum();
    ByteBuffer riff = ByteBuffer.allocate(8 + size).order(ByteOrder.LITTLE_ENDIAN);
    riff.put("RIFF".getBytes(US_ASCII)).putInt(size).put("WAVE".getBytes(US_ASCII));
    for (byte[] chunk : chunks) riff.put(chunk);
    return riff.array();
  }
}
