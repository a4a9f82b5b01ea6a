package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RtcpReportTest {
  private static final RtcpReport.ReportBlock BLOCK =
      new RtcpReport.ReportBlock(0xCAFEBABEL, 64, 12, 70_001, 40, 0x1234_5678L, 0x0002_0000L);

  @Test
  void aSenderReportGoesOutAndComesBackWhole() {
    RtcpReport report = new RtcpReport(0xDEADBEEFL,
        Optional.of(new RtcpReport.SenderInfo(RtcpReport.ntpTimestamp(1_700_000_000_123L), 3_000_000_000L, 250, 40_000)),
        List.of(BLOCK));
    byte[] wire = report.toBytes("parley@127.0.0.1");
    assertEquals(0, wire.length % 4, "32-bit words");
    assertEquals(0x81, wire[0] & 0xFF, "version 2, one block");
    assertEquals(200, wire[1] & 0xFF, "SR");
    assertEquals(wire.length / 4 - 1 - (ByteBuffer.wrap(wire, 2, 2).getShort() + 1), ByteBuffer.wrap(wire, 54, 2).getShort(),
        "the SDES follows the SR, each with its length");
    assertEquals(202, wire[53] & 0xFF, "then the SDES");
    assertEquals(List.of(report), RtcpReport.parse(wire, wire.length));
    assertTrue(RtcpReport.isRtcp(wire, wire.length));
  }

  @Test
  void aReceiverReportCarriesANegativeCumulativeLoss() {
    RtcpReport.ReportBlock duplicated = new RtcpReport.ReportBlock(7, 0, -3, 100, 0, 0, 0);
    RtcpReport report = new RtcpReport(9, Optional.empty(), List.of(duplicated));
    byte[] wire = report.toBytes("x");
    assertEquals(201, wire[1] & 0xFF, "RR");
    assertEquals(List.of(report), RtcpReport.parse(wire, wire.length));
  }

  /** A compound packet as a phone sends it: RR without blocks, SDES CNAME, and a BYE. */
  @Test
  void otherPacketsOfACompoundAreSkippedAndRtpIsNoRtcp() {
    byte[] phone = HexFormat.of().parseHex("80c90001" + "11223344"
        + "81ca0003" + "11223344" + "0104" + "61626364" + "0000"
        + "81cb0001" + "11223344");
    assertEquals(List.of(new RtcpReport(0x11223344L, Optional.empty(), List.of())), RtcpReport.parse(phone, phone.length));
    byte[] cut = java.util.Arrays.copyOf(phone, 6);
    assertEquals(List.of(), RtcpReport.parse(cut, cut.length), "cut short");
    byte[] rtp = new RtpPacket(0, true, 1, 160, 5, new byte[160]).toBytes();
    assertFalse(RtcpReport.isRtcp(rtp, rtp.length), "PCMU with the marker bit is 128, not an RTCP type");
    assertEquals(List.of(), RtcpReport.parse(rtp, rtp.length));
  }

  @Test
  void theRoundTripIsTheArrivalLessTheEchoedReportAndTheReportersDelay() {
    long sentMillis = 1_700_000_000_000L;
    long lsr = RtcpReport.compact(RtcpReport.ntpTimestamp(sentMillis));
    // Held 1 s at the caller, back 1.25 s after it was sent: 250 ms round trip.
    RtcpReport.ReportBlock block = new RtcpReport.ReportBlock(1, 0, 0, 0, 0, lsr, 65_536);
    long arrived = RtcpReport.compact(RtcpReport.ntpTimestamp(sentMillis + 1_250));
    assertEquals(250.0, block.roundTripMillis(arrived).orElseThrow(), 0.1);
    assertEquals(Optional.empty(), new RtcpReport.ReportBlock(1, 0, 0, 0, 0, 0, 0).roundTripMillis(arrived),
        "no sender report heard yet");
    assertEquals(Optional.empty(), block.roundTripMillis(lsr), "back before it was held: no sample");
  }

  @Test
  void ntpTimeCountsFrom1900() {
    long ntp = RtcpReport.ntpTimestamp(1_500);
    assertEquals(2_208_988_801L, ntp >>> 32);
    assertEquals(0x8000_0000L, ntp & 0xFFFFFFFFL, "half a second");
    assertEquals(((2_208_988_801L & 0xFFFF) << 16) | 0x8000, RtcpReport.compact(ntp));
  }
}
