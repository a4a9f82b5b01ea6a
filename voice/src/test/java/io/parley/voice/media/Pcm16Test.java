package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Pcm16Test {
  @Test
  void readsLittleEndianSignedSamples() {
    byte[] bytes = {0x01, 0x00, (byte) 0xFF, (byte) 0xFF, 0x00, (byte) 0x80, (byte) 0xFF, 0x7F, 0x34, 0x12};
    assertArrayEquals(new short[] {1, -1, Short.MIN_VALUE, Short.MAX_VALUE, 0x1234}, Pcm16.fromLittleEndian(bytes));
  }

  @Test
  void writesLittleEndianAndReadsBackEverySample() {
    short[] every = new short[65536];
    for (int i = 0; i < every.length; i++) every[i] = (short) (i - 32768);
    byte[] bytes = Pcm16.toLittleEndian(every);
    assertEquals(0x00, bytes[0]);
    assertEquals((byte) 0x80, bytes[1], "high byte second: -32768 is 00 80");
    assertArrayEquals(every, Pcm16.fromLittleEndian(bytes));
  }

  @Test
  void readsSamplesInsideALargerBuffer() {
    byte[] bytes = {9, 9, 9, 0x02, 0x01, (byte) 0xFE, (byte) 0xFF, 9};
    assertArrayEquals(new short[] {0x0102, -2}, Pcm16.fromLittleEndian(bytes, 3, 4));
  }

  @Test
  void refusesAnOddNumberOfBytes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Pcm16.fromLittleEndian(new byte[] {1, 2, 3}));
    assertTrue(e.getMessage().contains("even number of bytes"), e.getMessage());
    assertTrue(e.getMessage().contains("3"), e.getMessage());
  }

  @Test
  void rmsOfKnownSignals() {
    assertEquals(0, Pcm16.rms(new short[0]));
    assertEquals(0, Pcm16.rms(new short[160]));
    assertEquals(1000, Pcm16.rms(new short[] {1000, -1000, 1000, -1000}), 1e-9);
    assertEquals(32768, Pcm16.rms(new short[] {Short.MIN_VALUE, Short.MIN_VALUE}), 1e-9, "no overflow at full scale");

    short[] sine = new short[16000];
    for (int i = 0; i < sine.length; i++) sine[i] = (short) Math.round(10000 * Math.sin(2 * Math.PI * 440 * i / 16000.0));
    assertEquals(10000 / Math.sqrt(2), Pcm16.rms(sine), 1, "a sine's rms is its amplitude over root two");
  }
}
