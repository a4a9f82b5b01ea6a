package io.parley.frontdoor;

/**
 * Checks a text message's UTF-8 as its bytes arrive, so that a message invalid in its first
 * fragment closes the socket then (1007), not once a client has sent the rest of it. Follows the
 * well-formed byte sequences of Unicode's table 3-7: no overlong forms, no surrogates, nothing
 * past U+10FFFF. Not thread-safe: one per message being read.
 */
final class Utf8Check {
  private int continuationsLeft;
  private int lowest = 0x80;
  private int highest = 0xBF;
  private boolean broken;

  /** Takes {@code bytes[from, to)}; false once the message so far cannot be the start of valid UTF-8. */
  boolean accept(byte[] bytes, int from, int to) {
    for (int i = from; i < to && !broken; i++) {
      int b = bytes[i] & 0xFF;
      if (continuationsLeft > 0) {
        broken = b < lowest || b > highest;
        lowest = 0x80;
        highest = 0xBF;
        continuationsLeft--;
      } else if (b >= 0x80) {
        lead(b);
      }
    }
    return !broken;
  }

  /** Whether the message read so far is whole, valid UTF-8 (no sequence cut short). */
  boolean whole() {
    return !broken && continuationsLeft == 0;
  }

  /** The second byte's range narrows where the lead byte alone would allow an overlong form, a surrogate or too large a code point. */
  private void lead(int b) {
    if (b >= 0xC2 && b <= 0xDF) {
      continuationsLeft = 1;
    } else if (b >= 0xE0 && b <= 0xEF) {
      continuationsLeft = 2;
      lowest = b == 0xE0 ? 0xA0 : 0x80;
      highest = b == 0xED ? 0x9F : 0xBF;
    } else if (b >= 0xF0 && b <= 0xF4) {
      continuationsLeft = 3;
      lowest = b == 0xF0 ? 0x90 : 0x80;
      highest = b == 0xF4 ? 0x8F : 0xBF;
    } else {
      broken = true;
    }
  }
}
