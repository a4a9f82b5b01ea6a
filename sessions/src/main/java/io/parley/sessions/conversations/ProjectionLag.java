package io.parley.sessions.conversations;

import io.parley.sessions.MetricFamilies;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far behind the journal each slice's projection is, as of the last event it folded:
 * {@code parley_conversations_lag_seconds{slice}}, and a warning (at most once a minute a slice)
 * while a slice is more than a minute behind, and a line once it has caught up again.
 */
final class ProjectionLag {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectionLag.class);
  private static final Duration BEHIND = Duration.ofMinutes(1);

  private final Gauge lag;
  private final Map<String, Instant> warned = new ConcurrentHashMap<>();

  ProjectionLag(PrometheusRegistry registry) {
    lag = MetricFamilies.gauge(registry, "parley_conversations_lag_seconds",
        "Seconds between an event's write and its folding into the conversations read model, at the slice's last event.",
        "slice");
  }

  void folded(String slice, Instant writtenAt, Instant now) {
    Duration behind = Duration.between(writtenAt, now);
    lag.labelValues(slice).set(Math.max(0, behind.toMillis()) / 1000.0);
    if (behind.compareTo(BEHIND) > 0) {
      Instant last = warned.get(slice);
      if (last == null || Duration.between(last, now).compareTo(BEHIND) > 0) {
        warned.put(slice, now);
        LOG.warn("The conversations projection of {} is {} s behind the journal; it catches up", slice,
            behind.toSeconds());
      }
    } else if (warned.remove(slice) != null) {
      LOG.info("The conversations projection of {} has caught up with the journal", slice);
    }
  }
}
