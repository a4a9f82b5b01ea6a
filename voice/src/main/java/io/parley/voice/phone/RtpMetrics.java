package io.parley.voice.phone;

import io.parley.sessions.MetricFamilies;
import io.parley.voice.media.CallerReport;
import io.parley.voice.media.RtpStats;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The node's metrics of its calls' RTP: how the callers' audio arrives (received, lost, late,
 * duplicated, its jitter) and what the callers' RTCP reports say of the bot's audio (round trip,
 * jitter and loss at their phones), and the keys callers pressed. Each call adds what moved since it last reported.
 */
final class RtpMetrics {
  private static final double[] JITTER_BUCKETS = {0.001, 0.002, 0.005, 0.01, 0.02, 0.03, 0.05, 0.1, 0.2};

  private final Counter received;
  private final Counter lost;
  private final Counter late;
  private final Counter duplicates;
  private final Histogram jitter;
  private final Counter rtcpSent;
  private final Counter rtcpReceived;
  private final Histogram roundTrip;
  private final Histogram callerJitter;
  private final Counter callerLost;
  private final Counter keys;

  RtpMetrics(PrometheusRegistry registry) {
    received = MetricFamilies.counter(registry, "parley_rtp_packets_received_total",
        "RTP packets of callers' audio received (no duplicates).");
    lost = MetricFamilies.counter(registry, "parley_rtp_packets_lost_total",
        "RTP packets of callers' audio never received (gaps in the sequence numbers).");
    late = MetricFamilies.counter(registry, "parley_rtp_packets_late_total",
        "RTP packets of callers' audio that came after their play-out time, dropped.");
    duplicates = MetricFamilies.counter(registry, "parley_rtp_packets_duplicate_total",
        "RTP packets of callers' audio that came twice.");
    jitter = MetricFamilies.histogram(registry, "parley_rtp_jitter_seconds",
        "Interarrival jitter of callers' audio (RFC 3550), each call's sampled once a second.", JITTER_BUCKETS);
    rtcpSent = MetricFamilies.counter(registry, "parley_rtcp_reports_sent_total",
        "RTCP sender and receiver reports sent to callers.");
    rtcpReceived = MetricFamilies.counter(registry, "parley_rtcp_reports_received_total",
        "RTCP reports received from callers on the bot's audio.");
    roundTrip = MetricFamilies.histogram(registry, "parley_rtcp_round_trip_seconds",
        "Round trip to callers' phones, measured from their RTCP reports (RFC 3550 LSR/DLSR).",
        new double[] {0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1});
    callerJitter = MetricFamilies.histogram(registry, "parley_rtcp_caller_jitter_seconds",
        "Interarrival jitter of the bot's audio at the callers' phones, as their RTCP reports it.", JITTER_BUCKETS);
    callerLost = MetricFamilies.counter(registry, "parley_rtcp_caller_packets_lost_total",
        "Packets of the bot's audio the callers' phones report lost (RTCP cumulative loss).");
    keys = MetricFamilies.counter(registry, "parley_dtmf_received_total",
        "Keys callers pressed (DTMF), by how they came: rfc4733 (RTP telephone-events), sip_info, inband (tones).",
        "method");
  }

  /** A caller pressed a key, which came by {@code method}. */
  void keyReceived(String method) {
    keys.labelValues(method).inc();
  }

  /** A call's statistics moved from {@code before} to {@code now}. */
  void report(RtpStats before, RtpStats now) {
    received.inc(Math.max(0, now.received() - before.received()));
    lost.inc(Math.max(0, now.lost() - before.lost()));
    late.inc(Math.max(0, now.late() - before.late()));
    duplicates.inc(Math.max(0, now.duplicates() - before.duplicates()));
    if (now.received() > 1) jitter.observe(now.jitterMillis() / 1000);
  }

  /** An RTCP report went to a caller. */
  void rtcpSent() {
    rtcpSent.inc();
  }

  /** A caller's RTCP moved what it reports from {@code before} to {@code now}. */
  void rtcpReceived(CallerReport before, CallerReport now) {
    if (now.reports() == before.reports()) return;
    rtcpReceived.inc(now.reports() - before.reports());
    // A report without a sender report of ours to echo keeps the last round trip: no new sample.
    if (now.roundTripMillis() > 0 && now.roundTripMillis() != before.roundTripMillis()) {
      roundTrip.observe(now.roundTripMillis() / 1000);
    }
    callerJitter.observe(now.jitterMillis() / 1000);
    callerLost.inc(Math.max(0, now.lost() - before.lost()));
  }
}
