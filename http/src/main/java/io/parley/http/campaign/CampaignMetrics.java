package io.parley.http.campaign;

import io.parley.sessions.MetricFamilies;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code parley_campaign_calls_total{tenant,outcome}}: the calls campaigns placed, by outcome
 * ({@code answered}, {@code busy}, {@code no_answer}, …, and {@code do_not_call} for a lead skipped
 * at dial time, {@code interrupted} for a call a stopped node left). Per tenant, not per campaign:
 * a tenant's campaigns are many over time, its outcomes few.
 */
public final class CampaignMetrics {
  private final Counter calls;

  public CampaignMetrics(PrometheusRegistry registry) {
    calls = MetricFamilies.counter(registry, "parley_campaign_calls", "Calls placed by campaigns, by outcome",
        "tenant", "outcome");
  }

  void counted(String tenant, String outcome, int calls) {
    if (calls > 0) this.calls.labelValues(tenant, outcome).inc(calls);
  }
}
