package io.parley.sessions.cost;

import io.parley.core.cost.Money;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * What tenants spend, for {@code /metrics}: {@code parley_tenant_cost_total} (in the currency's
 * units, by tenant, currency and kind, counted where each cost was recorded: sum it over the
 * cluster's nodes) and {@code parley_tenant_budget_used_ratio} (the share of each period's budget
 * spent, as this node last heard it).
 */
public final class CostMetrics {
  private final Counter cost;
  private final Gauge used;

  public CostMetrics(PrometheusRegistry registry) {
    cost = Counter.builder().name("parley_tenant_cost").help(
        "What tenants' calls and conversations cost, in the currency's units, by tenant, currency and kind"
            + " (speech_to_text, text_to_speech, model, trunk).")
        .labelNames("tenant", "currency", "kind").register(registry);
    used = Gauge.builder().name("parley_tenant_budget_used_ratio").help(
        "The share of a tenant's budget in money spent this period (day, week, month), as the node last heard it.")
        .labelNames("tenant", "period").register(registry);
  }

  void recorded(String tenant, String currency, String kind, long nanos) {
    cost.labelValues(tenant, currency, kind).inc(Money.units(nanos).doubleValue());
  }

  void used(String tenant, String period, long spent, long budget) {
    used.labelValues(tenant, period).set(budget > 0 ? (double) spent / budget : 0);
  }
}
