package io.parley.voice.media;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One RTCP sender or receiver report (RFC 3550 §6.4): who sends it, what it sent when it is a
 * sender, and a report block per stream it receives. On the wire it goes as a compound packet with
 * the SDES CNAME every compound packet carries (§6.1); reading one, anything but its SR and RR
 * packets (SDES, BYE, APP, feedback) is skipped.
 *
 * @param ssrc the reporter's synchronisation source
 * @param sender what the reporter sent, for a sender report; empty for a receiver report
 * @param blocks the reporter's reception of each stream it hears
 */
public record RtcpReport(long ssrc, Optional<SenderInfo> sender, List<ReportBlock> blocks) {
  private static final int SENDER_REPORT = 200;
  private static final int RECEIVER_REPORT = 201;
  private static final int SOURCE_DESCRIPTION = 202;
  private static final int BLOCK_BYTES = 24;
  /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
  private static final long NTP_TO_UNIX_SECONDS = 2_208_988_800L;

  public RtcpReport {
    blocks = List.copyOf(blocks);
    if (blocks.size() > 31) throw new IllegalArgumentException("at most 31 report blocks, got " + blocks.size());
  }

  /**
   * What a sender sent, as of its report.
   *
   * @param ntpTimestamp the wallclock time of the report, 64-bit NTP
   * @param rtpTimestamp the same instant in the stream's RTP timestamp units
   */
  public record SenderInfo(long ntpTimestamp, long rtpTimestamp, long packets, long octets) {}

  /**
   * How the reporter receives one stream.
   *
   * @param ssrc the stream reported on
   * @param fractionLost the share of packets lost since the previous report, in 256ths
   * @param cumulativeLost packets lost since the stream began (24 bits, signed: duplicates may make it negative)
   * @param highestSequence the highest sequence number received, extended by its wrap count
   * @param jitter the interarrival jitter in RTP timestamp units
   * @param lastSenderReport the middle 32 bits of the NTP time of the last sender report received from {@code ssrc}; 0: none yet
   * @param delaySinceLastSenderReport from that report's arrival to this report, in 1/65536 s
   */
  public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
      long lastSenderReport, long delaySinceLastSenderReport) {

    /**
     * The round trip (RFC 3550 §6.4.1): this block came back at {@code arrivedCompactNtp} (the middle 32
     * bits of the NTP time), after the reporter held our sender report for its delay. Empty when it
     * has heard no sender report of ours yet.
     */
    public Optional<Double> roundTripMillis(long arrivedCompactNtp) {
      if (lastSenderReport == 0) return Optional.empty();
      long units = (arrivedCompactNtp - lastSenderReport - delaySinceLastSenderReport) & 0xFFFFFFFFL;
      // A reporter's clock or a corrupt block may put the report before its own sender report: no sample.
      if (units > 0x8000_0000L) return Optional.empty();
      return Optional.of(units * 1000.0 / 65536);
    }
  }

  /** The 64-bit NTP timestamp (RFC 5905) of {@code epochMillis}. */
  public static long ntpTimestamp(long epochMillis) {
    long seconds = Math.floorDiv(epochMillis, 1000) + NTP_TO_UNIX_SECONDS;
    long fraction = (Math.floorMod(epochMillis, 1000L) << 32) / 1000;
    return (seconds << 32) | fraction;
  }

  /** The middle 32 bits of an NTP timestamp, the form report blocks use (1/65536 s units). */
  public static long compact(long ntpTimestamp) {
    return (ntpTimestamp >>> 16) & 0xFFFFFFFFL;
  }

  /** The compound packet: this report (SR with sender info, else RR) and an SDES with {@code cname}. */
  public byte[] toBytes(String cname) {
    byte[] name = cname.getBytes(StandardCharsets.UTF_8);
    if (name.length > 255) throw new IllegalArgumentException("a CNAME is at most 255 bytes, got " + name.length);
    int reportWords = 1 + (sender.isPresent() ? 5 : 0) + 6 * blocks.size();
    // SSRC, CNAME item (type, length, text), the end item, padded to a 32-bit word.
    int sdesWords = 1 + (2 + name.length + 1 + 3) / 4;
    ByteBuffer out = ByteBuffer.allocate(4 * (1 + reportWords + 1 + sdesWords));
    out.put((byte) (0x80 | blocks.size()));
    out.put((byte) (sender.isPresent() ? SENDER_REPORT : RECEIVER_REPORT));
    out.putShort((short) reportWords);
    out.putInt((int) ssrc);
    sender.ifPresent(info -> {
      out.putLong(info.ntpTimestamp());
      out.putInt((int) info.rtpTimestamp());
      out.putInt((int) info.packets());
      out.putInt((int) info.octets());
    });
    for (ReportBlock block : blocks) {
      out.putInt((int) block.ssrc());
      out.putInt(((block.fractionLost() & 0xFF) << 24) | (block.cumulativeLost() & 0xFFFFFF));
      out.putInt((int) block.highestSequence());
      out.putInt((int) block.jitter());
      out.putInt((int) block.lastSenderReport());
      out.putInt((int) block.delaySinceLastSenderReport());
    }
    out.put((byte) 0x81);
    out.put((byte) SOURCE_DESCRIPTION);
    out.putShort((short) sdesWords);
    out.putInt((int) ssrc);
    out.put((byte) 1);
    out.put((byte) name.length);
    out.put(name);
    while (out.hasRemaining()) out.put((byte) 0); // the end item and the padding
    return out.array();
  }

  /**
   * The sender and receiver reports of a compound RTCP packet, in their order; empty for anything
   * that is not RTCP version 2 (an RTP packet on a multiplexed port among them, RFC 5761 §4). A
   * packet cut short ends the reading: what came whole before it is kept.
   */
  public static List<RtcpReport> parse(byte[] data, int length) {
    List<RtcpReport> reports = new ArrayList<>();
    if (!isRtcp(data, length)) return reports;
    ByteBuffer in = ByteBuffer.wrap(data, 0, length);
    while (in.remaining() >= 8) {
      int start = in.position();
      int first = in.get() & 0xFF;
      int type = in.get() & 0xFF;
      int bytes = 4 * ((in.getShort() & 0xFFFF) + 1);
      if ((first & 0xC0) != 0x80 || bytes > length - start) break;
      int count = first & 0x1F;
      boolean isSender = type == SENDER_REPORT;
      if ((isSender || type == RECEIVER_REPORT) && bytes >= 8 + (isSender ? 20 : 0) + BLOCK_BYTES * count) {
        long ssrc = in.getInt() & 0xFFFFFFFFL;
        Optional<SenderInfo> info = isSender ? Optional.of(new SenderInfo(in.getLong(), in.getInt() & 0xFFFFFFFFL,
            in.getInt() & 0xFFFFFFFFL, in.getInt() & 0xFFFFFFFFL)) : Optional.empty();
        List<ReportBlock> blocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          long source = in.getInt() & 0xFFFFFFFFL;
          int loss = in.getInt();
          blocks.add(new ReportBlock(source, (loss >>> 24) & 0xFF, (loss << 8) >> 8, in.getInt() & 0xFFFFFFFFL,
              in.getInt() & 0xFFFFFFFFL, in.getInt() & 0xFFFFFFFFL, in.getInt() & 0xFFFFFFFFL));
        }
        reports.add(new RtcpReport(ssrc, info, blocks));
      }
      in.position(start + bytes);
    }
    return reports;
  }

  /**
   * Whether a datagram is RTCP rather than RTP, for a port that carries both (RFC 5761 §4): RTCP's
   * packet types 200 to 204 fall where RTP's marker bit and payload types 72 to 76 would, which no
   * audio stream uses.
   */
  public static boolean isRtcp(byte[] data, int length) {
    if (length < 8 || (data[0] & 0xC0) != 0x80) return false;
    int type = data[1] & 0xFF;
    return type >= 192 && type <= 223;
  }
}
