package io.parley.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.testing.MetricSamples;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code tenant} label names the node's known tenants only: made-up ones share one series. */
class SessionMetricsTest {
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final SessionMetrics metrics = new SessionMetrics(registry, Set.of("acme", "globex")::contains);

  @Test
  void knownTenantsAreLabelledAndAThousandUnknownOnesAddOneSeries() {
    metrics.sessionClosed("acme", false);
    metrics.sessionClosed("acme", true);
    metrics.handoff("globex", "customer_asked");
    metrics.rated("acme", 4);
    metrics.messagePersisted("acme", "user");
    for (int i = 0; i < 1000; i++) {
      String madeUp = "made-up-" + i;
      metrics.sessionClosed(madeUp, false);
      metrics.handoff(madeUp, "customer_asked");
      metrics.rated(madeUp, 4);
      metrics.messagePersisted(madeUp, "user");
    }

    assertEquals(1.0, label("parley_sessions_closed_total", "acme", "resolved_by", "bot"));
    assertEquals(1.0, label("parley_sessions_closed_total", "acme", "resolved_by", "agent"));
    assertEquals(1.0, label("parley_handoffs_total", "globex", "trigger", "customer_asked"));
    assertEquals(1.0, label("parley_ratings_total", "acme", "score", "4"));
    assertEquals(1000.0, label("parley_sessions_closed_total", SessionMetrics.OTHER_TENANT, "resolved_by", "bot"));
    assertEquals(1000.0, label("parley_ratings_total", SessionMetrics.OTHER_TENANT, "score", "4"));
    assertEquals(3, series("parley_sessions_closed"), "acme's two and one for every unknown tenant");
    assertEquals(2, series("parley_handoffs"));
    assertEquals(2, series("parley_ratings"));
    assertEquals(2, series("parley_messages"));
  }

  private Double label(String name, String tenant, String labelName, String labelValue) {
    return MetricSamples.value(registry, name, new String[] {"tenant", labelName}, new String[] {tenant, labelValue});
  }

  private int series(String name) {
    return registry.scrape().stream().filter(metric -> metric.getMetadata().getPrometheusName().equals(name))
        .mapToInt(metric -> metric.getDataPoints().size()).sum();
  }
}
