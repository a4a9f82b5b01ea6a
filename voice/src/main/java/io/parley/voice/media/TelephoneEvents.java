package io.parley.voice.media;

import java.util.ArrayList;
import java.util.List;

/**
 * The caller's RFC 4733 telephone-events (DTMF sent as RTP of their own payload type) read into
 * keys, each key once. An event's packets share its RTP timestamp, their duration growing, and its
 * end is sent three times with the end bit; the key counts at its first end packet, and the
 * repeated ends are the same event. When every end packet is lost, the key still counts as the next
 * event begins, if its last packet lasted long enough to be a key press and not a glitch. Events
 * 16 and above (flash, modem tones) are not keys. Not thread-safe: one stream's reader uses it.
 */
public final class TelephoneEvents {
  /** The keys of events 0 to 15, in RFC 4733's order. */
  public static final String KEYS = "0123456789*#ABCD";
  /** A press shorter than this (in 8 kHz timestamp units: 40 ms) never ended is a glitch, not a key. */
  static final int MIN_UNENDED_DURATION = 320;

  private long timestamp = -1;
  private int event = -1;
  private int duration;
  private boolean counted;

  /** The keys a packet of RTP timestamp {@code rtpTimestamp} with {@code payload} completes: none, or one, rarely two. */
  public List<Character> packet(long rtpTimestamp, byte[] payload) {
    if (payload.length < 4) return List.of();
    int pressed = payload[0] & 0xFF;
    boolean end = (payload[1] & 0x80) != 0;
    int length = ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF);
    List<Character> keys = new ArrayList<>(2);
    if (rtpTimestamp != timestamp) {
      // A new event: the one before counts now if it lasted as a key does but its ends were lost.
      if (!counted && event >= 0 && duration >= MIN_UNENDED_DURATION) keys.add(KEYS.charAt(event));
      timestamp = rtpTimestamp;
      event = pressed < KEYS.length() ? pressed : -1;
      counted = event < 0;
      duration = 0;
    }
    duration = Math.max(duration, length);
    if (end && !counted) {
      counted = true;
      keys.add(KEYS.charAt(event));
    }
    return keys;
  }
}
