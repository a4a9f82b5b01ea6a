package io.parley.voice.media;

import java.util.List;
import java.util.Optional;

/**
 * One call's RTCP (RFC 3550 §6): the node's reports on its own stream and on the caller's, and
 * what the caller's reports say about the node's stream. A report block on the caller's stream
 * carries the loss since the previous report, so each report counts from the last; the caller's
 * last sender report is echoed (LSR, and the delay since: DLSR) so the caller can measure the
 * round trip, as the node measures it from the caller's blocks on its own stream. Not thread-safe.
 */
public final class RtcpExchange {
  private static final int CLOCK_RATE = 8000;

  private final long ssrc;
  private final String cname;
  private long expectedAtLastReport;
  private long receivedAtLastReport;
  private long callerSenderReport;
  private long callerSenderReportNanos;
  private CallerReport caller = CallerReport.NONE;

  /** @param ssrc the node's stream's source; @param cname its canonical name (RFC 3550 §6.5.1) */
  public RtcpExchange(long ssrc, String cname) {
    this.ssrc = ssrc;
    this.cname = cname;
  }

  /**
   * The node's report as of {@code epochMillis} (wallclock) and {@code nowNanos} (monotonic): a
   * sender report while the node sends ({@code sent} says what went out so far), a receiver report
   * while it does not; with a block on the caller's stream {@code callerSsrc} once any of its
   * packets came ({@code reception}).
   */
  public byte[] report(long epochMillis, long nowNanos, Optional<RtcpReport.SenderInfo> sent, Optional<Long> callerSsrc,
      RtpReception reception) {
    List<RtcpReport.ReportBlock> blocks = callerSsrc.map(source -> List.of(block(source, nowNanos, reception)))
        .orElse(List.of());
    Optional<RtcpReport.SenderInfo> sender = sent.map(info -> new RtcpReport.SenderInfo(
        RtcpReport.ntpTimestamp(epochMillis), info.rtpTimestamp(), info.packets(), info.octets()));
    return new RtcpReport(ssrc, sender, blocks).toBytes(cname);
  }

  private RtcpReport.ReportBlock block(long source, long nowNanos, RtpReception reception) {
    long expected = reception.expected() - expectedAtLastReport;
    long lostNow = expected - (reception.received() - receivedAtLastReport);
    expectedAtLastReport = reception.expected();
    receivedAtLastReport = reception.received();
    int fraction = expected <= 0 || lostNow <= 0 ? 0 : (int) Math.min(255, (lostNow << 8) / expected);
    int cumulative = (int) Math.min(0x7FFFFF, reception.lost());
    long delay = callerSenderReport == 0 ? 0 : (nowNanos - callerSenderReportNanos) * 65536 / 1_000_000_000L;
    return new RtcpReport.ReportBlock(source, fraction, cumulative, reception.highestSequence(),
        Math.round(reception.jitter()), callerSenderReport, delay & 0xFFFFFFFFL);
  }

  /**
   * A compound RTCP packet from the caller arrived at {@code epochMillis} ({@code arrivedNanos} on the
   * monotonic clock): its sender report is remembered for the next block, and its block on the
   * node's stream becomes the {@link #caller()} view.
   */
  public void received(List<RtcpReport> reports, long epochMillis, long arrivedNanos) {
    long arrived = RtcpReport.compact(RtcpReport.ntpTimestamp(epochMillis));
    for (RtcpReport report : reports) {
      report.sender().ifPresent(info -> {
        callerSenderReport = RtcpReport.compact(info.ntpTimestamp());
        callerSenderReportNanos = arrivedNanos;
      });
      for (RtcpReport.ReportBlock block : report.blocks()) {
        if (block.ssrc() != ssrc) continue;
        double roundTrip = block.roundTripMillis(arrived).orElse(caller.roundTripMillis());
        caller = new CallerReport(caller.reports() + 1, roundTrip, block.fractionLost() / 256.0,
            Math.max(0, block.cumulativeLost()), block.jitter() * 1000.0 / CLOCK_RATE);
      }
    }
  }

  /** What the caller's reports said last; {@link CallerReport#NONE} before the first. */
  public CallerReport caller() {
    return caller;
  }
}
