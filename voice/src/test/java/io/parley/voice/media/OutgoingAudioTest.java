package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutgoingAudioTest {
  private static short[] tone(int frames) {
    short[] samples = new short[frames * 160];
    Arrays.fill(samples, (short) 4000);
    return samples;
  }

  @Test
  void silenceThenSpeechThenSilenceInOneNumberingWithTheMarkerAtTheSpurt() {
    OutgoingAudio out = new OutgoingAudio(OutgoingAudio.PCMU, -1, 0x42, 65534, 0xFFFF_FF60L, 50);
    List<RtpPacket> packets = new ArrayList<>();
    packets.add(out.next());
    out.speak(tone(2));
    packets.add(out.next());
    packets.add(out.next());
    packets.add(out.next());

    assertArrayEquals(G711.ulawEncode(new short[160]), packets.get(0).payload(), "G.711 silence");
    assertFalse(packets.get(0).marker());
    assertTrue(packets.get(1).marker(), "the talk spurt starts");
    assertFalse(packets.get(2).marker());
    assertArrayEquals(G711.ulawEncode(tone(1)), packets.get(2).payload());
    assertFalse(packets.get(3).marker());
    assertArrayEquals(packets.get(0).payload(), packets.get(3).payload(), "silence again");
    assertEquals(List.of(65534, 65535, 0, 1), packets.stream().map(RtpPacket::sequence).toList());
    assertEquals(List.of(0xFFFF_FF60L, 0L, 160L, 320L), packets.stream().map(RtpPacket::timestamp).toList());
    assertTrue(packets.stream().allMatch(p -> p.ssrc() == 0x42 && p.payloadType() == 0));
  }

  @Test
  void comfortNoiseWhenTheCallerOfferedIt() {
    OutgoingAudio out = new OutgoingAudio(OutgoingAudio.PCMA, 13, 1, 0, 0, 50);
    RtpPacket quiet = out.next();
    assertEquals(13, quiet.payloadType());
    assertEquals(1, quiet.payload().length, "RFC 3389: the noise level alone");
    out.speak(tone(1));
    RtpPacket spoken = out.next();
    assertEquals(8, spoken.payloadType());
    assertEquals(1, spoken.sequence());
    assertEquals(160, spoken.timestamp());
  }

  @Test
  void theQueueIsBoundedAndHushDropsWhatWasNotSent() {
    OutgoingAudio out = new OutgoingAudio(OutgoingAudio.PCMU, -1, 1, 0, 0, 5);
    assertFalse(out.speak(tone(8)), "three frames over the bound");
    assertEquals(5, out.queued());
    out.next();
    assertEquals(80, out.hush(), "four frames never sent");
    assertFalse(out.next().marker(), "silence at once");
    assertTrue(out.speak(new short[100]), "a short frame is padded");
    assertEquals(160, out.next().payload().length);
  }
}
