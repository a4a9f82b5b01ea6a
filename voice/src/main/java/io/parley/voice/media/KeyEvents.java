package io.parley.voice.media;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Keys the bot presses as RFC 4733 telephone-events, one packet per 20 ms tick of the audio they
 * replace: each key is held 100 ms (five packets of one timestamp, the first marked, their
 * duration growing by 160), its end sent three times (§2.5.1.4), then 60 ms of the line's own
 * audio before the next key, so that a receiver tells two presses of one key apart. Volume
 * -10 dBm0. Not thread-safe: the call's outgoing audio holds it.
 */
public final class KeyEvents {
  static final int HELD_PACKETS = 5;
  static final int END_PACKETS = 3;
  static final int GAP_PACKETS = 3;
  private static final int PACKET_DURATION = 160;
  private static final int VOLUME = 10;
  private static final int STEPS = HELD_PACKETS + END_PACKETS + GAP_PACKETS;

  /** One tick's packet of an event: its payload type, whether it is marked, its timestamp and payload. */
  public record Packet(int payloadType, boolean marker, long timestamp, byte[] payload) {}

  private record Key(int event, int payloadType) {}

  private final Deque<Key> keys = new ArrayDeque<>();
  private int step;
  private long eventTimestamp;

  /** Queues {@code keys} (0-9, *, #, A-D) to go as events of {@code payloadType}, the far end's. */
  public void press(String keys, int payloadType) {
    for (char key : keys.toCharArray()) {
      int event = TelephoneEvents.KEYS.indexOf(key);
      if (event < 0) throw new IllegalArgumentException("not a key of the keypad: " + key);
      this.keys.add(new Key(event, payloadType));
    }
  }

  /** Whether keys are still to be sent (or the gap after the last one). */
  public boolean pressing() {
    return !keys.isEmpty();
  }

  /** This tick's packet at audio timestamp {@code timestamp}: an event's, or none (audio goes: no key, or the gap after one). */
  public Optional<Packet> next(long timestamp) {
    Key key = keys.peek();
    if (key == null) return Optional.empty();
    int at = step++;
    if (step == STEPS) {
      step = 0;
      keys.poll();
    }
    if (at >= HELD_PACKETS + END_PACKETS) return Optional.empty();
    if (at == 0) eventTimestamp = timestamp;
    boolean end = at >= HELD_PACKETS;
    int duration = PACKET_DURATION * Math.min(at + 1, HELD_PACKETS);
    byte[] payload = {(byte) key.event(), (byte) ((end ? 0x80 : 0) | VOLUME), (byte) (duration >> 8), (byte) duration};
    return Optional.of(new Packet(key.payloadType(), at == 0, eventTimestamp, payload));
  }
}
