package io.parley.voice.phone;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.voice.media.RtpPacket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SdpOfferTest {
  private static final String SIPP = """
      v=0
      o=user1 53655765 2353687637 IN IP4 127.0.0.1
      s=-
      c=IN IP4 127.0.0.1
      t=0 0
      m=audio 6000 RTP/AVP 8 0 101
      a=rtpmap:8 PCMA/8000
      a=rtpmap:101 telephone-event/8000
      a=fmtp:101 0-15
      """;

  @Test
  void readsTheAudioStreamAndThePreferredG711Codec() {
    SdpOffer offer = SdpOffer.parse(SIPP).orElseThrow();
    assertEquals("127.0.0.1", offer.address());
    assertEquals(6000, offer.port());
    assertEquals(Map.of(8, "pcma", 0, "pcmu", 101, "telephone-event"), offer.payloads());
    assertEquals(Optional.of(8), offer.g711(), "the caller's first choice");
    assertEquals(Optional.of(101), offer.telephoneEvent());

    String answer = offer.answer("10.0.0.5", 16384, 8, 42, 42);
    assertTrue(answer.contains("c=IN IP4 10.0.0.5\r\n") && answer.contains("m=audio 16384 RTP/AVP 8 101\r\n")
        && answer.contains("a=rtpmap:8 PCMA/8000\r\n") && answer.contains("a=rtpmap:101 telephone-event/8000"), answer);
    assertTrue(answer.contains("a=fmtp:101 0-16\r\n"), "the caller's event type, for events 0 to 16: " + answer);
    assertEquals(SdpOffer.parse(answer).orElseThrow().g711(), Optional.of(8), "the answer parses back");
  }

  @Test
  void comfortNoiseOfferedIsAnswered() {
    SdpOffer withCn = SdpOffer.parse("c=IN IP4 1.2.3.4\r\nm=audio 5000 RTP/AVP 0 13\r\n").orElseThrow();
    assertEquals(Optional.of(13), withCn.comfortNoise(), "13 is CN without an rtpmap");
    String answer = withCn.answer("10.0.0.5", 16384, 0, 1, 1);
    assertTrue(answer.contains("m=audio 16384 RTP/AVP 0 13\r\n") && answer.contains("a=rtpmap:13 CN/8000\r\n"), answer);
    assertEquals(Optional.empty(), SdpOffer.parse(SIPP).orElseThrow().comfortNoise());
    assertTrue(!SdpOffer.parse(SIPP).orElseThrow().answer("10.0.0.5", 16384, 8, 1, 1).contains("CN"), "none offered, none sent");
  }

  @Test
  void aHoldIsReadAndTheAnswerMirrorsItsDirection() {
    assertEquals(MediaDirection.SENDRECV, SdpOffer.parse(SIPP).orElseThrow().direction(), "none given: sendrecv");
    assertTrue(SdpOffer.parse(SIPP).orElseThrow().answer("10.0.0.5", 16384, 8, 1, 1).contains("a=sendrecv\r\n"));
    SdpOffer hold = SdpOffer.parse(SIPP + "a=sendonly\n").orElseThrow();
    assertEquals(MediaDirection.SENDONLY, hold.direction());
    String answer = hold.answer("10.0.0.5", 16384, 8, 7, 8);
    assertTrue(answer.contains("a=recvonly\r\n") && answer.contains("o=parley 7 8 IN IP4"), answer);
    assertEquals(MediaDirection.RECVONLY, SdpOffer.parse(answer).orElseThrow().direction());
    String inactiveSession = "c=IN IP4 1.2.3.4\r\na=inactive\r\nm=audio 5000 RTP/AVP 0\r\n";
    assertEquals(MediaDirection.INACTIVE, SdpOffer.parse(inactiveSession).orElseThrow().direction(), "session level");
    assertEquals(MediaDirection.SENDRECV,
        SdpOffer.parse(inactiveSession + "a=sendrecv\r\n").orElseThrow().direction(), "the media's own wins");
  }

  @Test
  void rtcpGoesToTheNextPortUnlessTheOfferSaysOtherwise() {
    SdpOffer plain = SdpOffer.parse(SIPP).orElseThrow();
    assertEquals(6001, plain.rtcpPort());
    assertTrue(!plain.rtcpMux() && !plain.answer("10.0.0.5", 16384, 8, 1, 1).contains("rtcp-mux"));
    SdpOffer muxed = SdpOffer.parse(SIPP + "a=rtcp-mux\na=rtcp:7000 IN IP4 127.0.0.1\n").orElseThrow();
    assertTrue(muxed.rtcpMux());
    assertEquals(7000, muxed.rtcpPort(), "RFC 3605");
    assertTrue(muxed.answer("10.0.0.5", 16384, 8, 1, 1).contains("a=rtcp-mux\r\n"), "RFC 5761: multiplexed as offered");
  }

  @Test
  void offersWithoutUsableAudioAreTold() {
    assertEquals(Optional.empty(), SdpOffer.parse("v=0\r\nc=IN IP4 1.2.3.4\r\nm=video 5000 RTP/AVP 96\r\n"));
    assertEquals(Optional.empty(), SdpOffer.parse("garbage"));
    assertEquals(Optional.empty(), SdpOffer.parse("m=audio 5000 RTP/AVP 0\r\n"), "no address");
    assertEquals(Optional.empty(), SdpOffer.parse("c=IN IP4 1.2.3.4\r\nm=audio x RTP/AVP 0\r\n"));
    assertEquals(Optional.empty(), SdpOffer.parse("c=IN IP4 1.2.3.4\r\n" + "a=x\r\n".repeat(3000)), "too large");
    SdpOffer opus = SdpOffer.parse("c=IN IP4 1.2.3.4\r\nm=audio 5000 RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n")
        .orElseThrow();
    assertEquals(Optional.empty(), opus.g711(), "no codec of ours: 488");
  }

  @Test
  void anOfferNamingAHostInsteadOfAnAddressIsNotUsable() {
    assertEquals(Optional.empty(), SdpOffer.parse("c=IN IP4 media.example.invalid\r\nm=audio 5000 RTP/AVP 0\r\n"),
        "a name would have the node look it up");
    assertEquals(Optional.empty(), SdpOffer.parse("c=IN IP4 1.2.3.4\r\nm=audio 5000 RTP/AVP 0\r\nc=IN IP4 localhost\r\n"),
        "the audio stream's own c= line counts");
    assertEquals(Optional.empty(), SdpOffer.parse("c=IN IP4 1.2.3.400\r\nm=audio 5000 RTP/AVP 0\r\n"));
    assertEquals("0.0.0.0", SdpOffer.parse("c=IN IP4 0.0.0.0\r\nm=audio 5000 RTP/AVP 0\r\n").orElseThrow().address(),
        "an old-style hold is an address");
  }

  @Test
  void rtpPacketsRoundTripAndGarbageIsNotRtp() {
    RtpPacket packet = new RtpPacket(0, true, 65535, 4_294_967_295L, 0xCAFEBABEL, new byte[] {1, 2, 3});
    RtpPacket read = RtpPacket.parse(packet.toBytes(), packet.toBytes().length).orElseThrow();
    assertEquals(0, read.payloadType());
    assertTrue(read.marker());
    assertEquals(65535, read.sequence());
    assertEquals(4_294_967_295L, read.timestamp());
    assertEquals(0xCAFEBABEL, read.ssrc());
    assertArrayEquals(new byte[] {1, 2, 3}, read.payload());
    assertEquals(Optional.empty(), RtpPacket.parse(new byte[] {1, 2, 3}, 3));
    assertEquals(Optional.empty(), RtpPacket.parse(new byte[12], 12), "version 0");
  }
}
