package io.parley.voice.phone;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/** The node's RTP clock and reader for tests outside this package that open channels on loopback. */
public final class TestRtpMedia {
  private TestRtpMedia() {}

  public static RtpMedia start() {
    return RtpMedia.start(new PrometheusRegistry(), Duration.ofMillis(60), Duration.ofMillis(60));
  }
}
