package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 4733 events read into keys: once each, at the first end, through repeated and lost ends. */
class TelephoneEventsTest {
  @Test
  void aKeyCountsAtItsFirstEndAndItsRepeatedEndsAreTheSameKey() {
    TelephoneEvents events = new TelephoneEvents();
    List<Character> keys = new ArrayList<>();
    for (int duration = 160; duration <= 800; duration += 160) keys.addAll(events.packet(1000, event(5, false, duration)));
    assertEquals(List.of(), keys, "no key before its end");
    for (int i = 0; i < 3; i++) keys.addAll(events.packet(1000, event(5, true, 960)));
    assertEquals(List.of('5'), keys, "the three end packets are one key");
    keys.addAll(events.packet(3000, event(5, false, 160)));
    keys.addAll(events.packet(3000, event(5, true, 640)));
    keys.addAll(events.packet(5000, event(11, true, 640)));
    assertEquals(List.of('5', '5', '#'), keys, "the same key again is a new event, by its timestamp");
  }

  @Test
  void aKeyWhoseEndsWereLostCountsWhenTheNextBeginsUnlessItWasAGlitch() {
    TelephoneEvents events = new TelephoneEvents();
    assertEquals(List.of(), events.packet(1000, event(1, false, 480)));
    assertEquals(List.of('1'), events.packet(2000, event(2, false, 160)), "1's ends lost: it counts as 2 begins");
    assertEquals(List.of('3'), events.packet(3000, event(3, true, 480)), "2 lasted 20 ms and never ended: a glitch");
  }

  @Test
  void flashAndShortPacketsAreNoKeys() {
    TelephoneEvents events = new TelephoneEvents();
    assertEquals(List.of(), events.packet(1000, event(16, true, 800)), "16 is a flash");
    assertEquals(List.of(), events.packet(1000, new byte[] {1, (byte) 0x80}), "too short to be an event");
  }

  private static byte[] event(int event, boolean end, int duration) {
    return new byte[] {(byte) event, (byte) ((end ? 0x80 : 0) | 10), (byte) (duration >> 8), (byte) duration};
  }
}
