package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The keys the bot presses, read back by the node's own readers of a caller's keys: as RFC 4733
 * telephone-events ({@link TelephoneEvents}) or as tones ({@link ToneDetector}).
 */
class PressedKeysTest {
  private static final int TELEPHONE_EVENT = 101;

  @Test
  void keysGoAsTelephoneEventsInPlaceOfTheAudioAndTheSpeechWaits() {
    OutgoingAudio out = new OutgoingAudio(OutgoingAudio.PCMU, -1, 0x1234, 100, 8_000, 50);
    out.speak(new short[OutgoingAudio.FRAME_SAMPLES * 2]);
    out.press("1#1", TELEPHONE_EVENT);
    TelephoneEvents reader = new TelephoneEvents();
    StringBuilder read = new StringBuilder();
    List<RtpPacket> sent = new ArrayList<>();
    for (int tick = 0; tick < 40; tick++) {
      RtpPacket packet = out.next();
      sent.add(packet);
      if (packet.payloadType() == TELEPHONE_EVENT) reader.packet(packet.timestamp(), packet.payload()).forEach(read::append);
    }
    assertEquals("1#1", read.toString(), "the same key twice is two events");
    List<RtpPacket> events = sent.stream().filter(packet -> packet.payloadType() == TELEPHONE_EVENT).toList();
    assertEquals(3 * (KeyEvents.HELD_PACKETS + KeyEvents.END_PACKETS), events.size());
    RtpPacket first = events.getFirst();
    assertTrue(first.marker(), "an event's first packet is marked");
    assertEquals(8_000, first.timestamp(), "the event starts at the audio's timestamp");
    assertTrue(events.subList(0, 8).stream().allMatch(packet -> packet.timestamp() == 8_000), "one timestamp an event");
    assertEquals(800, ((events.get(7).payload()[2] & 0xFF) << 8) | (events.get(7).payload()[3] & 0xFF), "held 100 ms");
    for (int i = 1; i < sent.size(); i++) {
      assertEquals((sent.get(i - 1).sequence() + 1) & 0xFFFF, sent.get(i).sequence(), "one sequence for audio and keys");
    }
    int firstSpeech = sent.indexOf(sent.stream().filter(RtpPacket::marker).filter(p -> p.payloadType() == 0)
        .findFirst().orElseThrow());
    assertTrue(firstSpeech > sent.indexOf(events.getLast()), "the queued speech waits for the keys");
    assertEquals(8_000 + 160L * firstSpeech, sent.get(firstSpeech).timestamp(), "the audio's clock ran on under the keys");
  }

  @Test
  void withoutTelephoneEventsKeysGoAsTonesTheKeypadReaderHears() {
    OutgoingAudio out = new OutgoingAudio(OutgoingAudio.PCMA, -1, 0x1234, 0, 0, 50);
    out.press("0123456789*#ABCD", -1);
    ToneDetector tones = new ToneDetector();
    StringBuilder read = new StringBuilder();
    for (int tick = 0; tick < 16 * 10 + 5; tick++) {
      RtpPacket packet = out.next();
      assertEquals(OutgoingAudio.PCMA, packet.payloadType());
      tones.frame(G711.alawDecode(packet.payload())).ifPresent(read::append);
    }
    assertEquals("0123456789*#ABCD", read.toString());
  }

  @Test
  void tonesAreEachKeysTwoFrequenciesForATenthOfASecondThenQuiet() {
    short[] samples = KeyTones.of("5");
    assertEquals(KeyTones.TONE_SAMPLES + KeyTones.GAP_SAMPLES, samples.length);
    short[] tone = Arrays.copyOf(samples, KeyTones.TONE_SAMPLES);
    double row = Goertzel.power(tone, Goertzel.coefficient(770, KeyTones.RATE));
    double column = Goertzel.power(tone, Goertzel.coefficient(1336, KeyTones.RATE));
    assertTrue(row > 100 * Goertzel.power(tone, Goertzel.coefficient(697, KeyTones.RATE)), "row 770 Hz");
    assertTrue(column > 100 * Goertzel.power(tone, Goertzel.coefficient(1477, KeyTones.RATE)), "column 1336 Hz");
    for (int i = KeyTones.TONE_SAMPLES; i < samples.length; i++) assertEquals(0, samples[i]);
  }
}
