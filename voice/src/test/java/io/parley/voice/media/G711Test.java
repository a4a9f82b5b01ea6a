package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Reference values are the ITU's G.191 reference code; decoding also agrees with Python's audioop. */
class G711Test {
  /** The two laws. */
  enum Law {
    ULAW,
    ALAW;

    byte encode(short sample) {
      return this == ULAW ? G711.ulawEncode(sample) : G711.alawEncode(sample);
    }

    short decode(byte code) {
      return this == ULAW ? G711.ulawDecode(code) : G711.alawDecode(code);
    }

    /** The error a round trip may add to half a step: its lowest segments' fixed step. */
    int fixedError() {
      return this == ULAW ? 5 : 8;
    }
  }

  @ParameterizedTest(name = "{0} of {1} is {2}")
  @CsvSource(textBlock = """
      ULAW, 0,      0xFF
      ULAW, 1,      0xFF
      ULAW, -1,     0x7F
      ULAW, -4,     0x7F
      ULAW, -5,     0x7E
      ULAW, 100,    0xF2
      ULAW, -100,   0x73
      ULAW, 1000,   0xCE
      ULAW, -1000,  0x4E
      ULAW, 32767,  0x80
      ULAW, -32768, 0x00
      ALAW, 0,      0xD5
      ALAW, 1,      0xD5
      ALAW, -1,     0x55
      ALAW, 100,    0xD3
      ALAW, -100,   0x53
      ALAW, 1000,   0xFA
      ALAW, -1000,  0x7A
      ALAW, 32767,  0xAA
      ALAW, -32768, 0x2A
      """)
  void encodesAsTheReference(Law law, short sample, String code) {
    assertEquals(Integer.decode(code).byteValue(), law.encode(sample));
  }

  @ParameterizedTest(name = "{0} of {1} is {2}")
  @CsvSource(textBlock = """
      ULAW, 0xFF, 0
      ULAW, 0x7F, 0
      ULAW, 0xF2, 104
      ULAW, 0xCE, 988
      ULAW, 0x4E, -988
      ULAW, 0x80, 32124
      ULAW, 0x00, -32124
      ALAW, 0xD5, 8
      ALAW, 0x55, -8
      ALAW, 0xD3, 104
      ALAW, 0xFA, 1008
      ALAW, 0x7A, -1008
      ALAW, 0xAA, 32256
      ALAW, 0x2A, -32256
      """)
  void decodesAsTheReference(Law law, String code, short sample) {
    assertEquals(sample, law.decode(Integer.decode(code).byteValue()));
  }

  @ParameterizedTest
  @EnumSource(Law.class)
  void roundTripErrorIsWithinHalfAStepOverTheWhole16BitRange(Law law) {
    // The step is 1/16 of the segment's lowest value, so half a step is at most |x|/32 (plus the
    // fixed step of the lowest segments and, for μ-law, the clipping above 32635).
    for (int x = Short.MIN_VALUE; x <= Short.MAX_VALUE; x++) {
      int error = Math.abs(law.decode(law.encode((short) x)) - x);
      assertTrue(error <= Math.abs(x) / 32.0 + law.fixedError(), law + " error " + error + " at " + x);
    }
  }

  @ParameterizedTest
  @EnumSource(Law.class)
  void encodingKeepsTheOrderOfSamples(Law law) {
    for (int x = Short.MIN_VALUE; x < Short.MAX_VALUE; x++) {
      assertTrue(law.decode(law.encode((short) x)) <= law.decode(law.encode((short) (x + 1))), law + " at " + x);
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
}
