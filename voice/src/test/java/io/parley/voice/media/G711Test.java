package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reference values are the ITU's G.191 reference code; decoding also agrees with Python's audioop. */
class G711Test {
  @Test
  void ulawMatchesTheReference() {
    assertEncodes(0xFF, 0, true);
    assertEncodes(0xFF, 1, true);
    assertEncodes(0x7F, -1, true);
    assertEncodes(0x7F, -4, true);
    assertEncodes(0x7E, -5, true);
    assertEncodes(0xF2, 100, true);
    assertEncodes(0x73, -100, true);
    assertEncodes(0xCE, 1000, true);
    assertEncodes(0x4E, -1000, true);
    assertEncodes(0x80, 32767, true);
    assertEncodes(0x00, -32768, true);

    assertEquals(0, G711.ulawDecode((byte) 0xFF));
    assertEquals(0, G711.ulawDecode((byte) 0x7F));
    assertEquals(104, G711.ulawDecode((byte) 0xF2));
    assertEquals(988, G711.ulawDecode((byte) 0xCE));
    assertEquals(-988, G711.ulawDecode((byte) 0x4E));
    assertEquals(32124, G711.ulawDecode((byte) 0x80));
    assertEquals(-32124, G711.ulawDecode((byte) 0x00));
  }

  @Test
  void alawMatchesTheReference() {
    assertEncodes(0xD5, 0, false);
    assertEncodes(0xD5, 1, false);
    assertEncodes(0x55, -1, false);
    assertEncodes(0xD3, 100, false);
    assertEncodes(0x53, -100, false);
    assertEncodes(0xFA, 1000, false);
    assertEncodes(0x7A, -1000, false);
    assertEncodes(0xAA, 32767, false);
    assertEncodes(0x2A, -32768, false);

    assertEquals(8, G711.alawDecode((byte) 0xD5));
    assertEquals(-8, G711.alawDecode((byte) 0x55));
    assertEquals(104, G711.alawDecode((byte) 0xD3));
    assertEquals(1008, G711.alawDecode((byte) 0xFA));
    assertEquals(-1008, G711.alawDecode((byte) 0x7A));
    assertEquals(32256, G711.alawDecode((byte) 0xAA));
    assertEquals(-32256, G711.alawDecode((byte) 0x2A));
  }

  @Test
  void roundTripErrorIsWithinHalfAStepOverTheWhole16BitRange() {
    // The step is 1/16 of the segment's lowest value, so half a step is at most |x|/32 (plus the
    // fixed step of the lowest segments and, for μ-law, the clipping above 32635).
    for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
      short sample = (short) x;
      int ulawError = Math.abs(G711.ulawDecode(G711.ulawEncode(sample)) - x);
      int alawError = Math.abs(G711.alawDecode(G711.alawEncode(sample)) - x);
      assertTrue(ulawError <= Math.abs(x) / 32.0 + 5, "μ-law error " + ulawError + " at " + x);
      assertTrue(alawError <= Math.abs(x) / 32.0 + 8, "A-law error " + alawError + " at " + x);
    }
  }

  @Test
  void encodingKeepsTheOrderOfSamples() {
    for (int x = Short.MIN_VALUE; x < Short.MAX_VALUE; x++) {
      short lower = (short) x;
      short higher = (short) (x + 1);
      assertTrue(G711.ulawDecode(G711.ulawEncode(lower)) <= G711.ulawDecode(G711.ulawEncode(higher)), "μ-law at " + x);
      assertTrue(G711.alawDecode(G711.alawEncode(lower)) <= G711.alawDecode(G711.alawEncode(higher)), "A-law at " + x);
    }
  }

  @Test
  void decodingThenEncodingGivesBackEveryByte() {
    for (int b = 0; b < 256; b++) {
      byte code = (byte) b;
      assertEquals(code, G711.alawEncode(G711.alawDecode(code)), "A-law " + Integer.toHexString(b));
      // μ-law has two zeros; negative zero (0x7F) decodes to 0, which encodes as positive zero.
      byte expected = b == 0x7F ? (byte) 0xFF : code;
      assertEquals(expected, G711.ulawEncode(G711.ulawDecode(code)), "μ-law " + Integer.toHexString(b));
    }
  }

  @Test
  void arrayFormsCodeEachSample() {
    short[] samples = {0, -1, 1000, -32768, 32767};
    byte[] ulaw = G711.ulawEncode(samples);
    byte[] alaw = G711.alawEncode(samples);
    assertArrayEquals(new byte[] {(byte) 0xFF, 0x7F, (byte) 0xCE, 0x00, (byte) 0x80}, ulaw);
    assertArrayEquals(new byte[] {(byte) 0xD5, 0x55, (byte) 0xFA, 0x2A, (byte) 0xAA}, alaw);
    assertArrayEquals(new short[] {0, 0, 988, -32124, 32124}, G711.ulawDecode(ulaw));
    assertArrayEquals(new short[] {8, -8, 1008, -32256, 32256}, G711.alawDecode(alaw));
    assertEquals(0, G711.ulawEncode(new short[0]).length);
  }

  private static void assertEncodes(int expected, int sample, boolean ulaw) {
    byte code = ulaw ? G711.ulawEncode((short) sample) : G711.alawEncode((short) sample);
    assertEquals((byte) expected, code, (ulaw ? "μ-law of " : "A-law of ") + sample);
  }
}
