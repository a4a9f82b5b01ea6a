package io.parley.sessions;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * A counter or gauge of the sessions' metrics, registered in the caller's registry under its name,
 * help and label names (none for a family of one series).
 */
public final class MetricFamilies {
  private MetricFamilies() {}

  public static Counter counter(PrometheusRegistry registry, String name, String help, String... labelNames) {
    return Counter.builder().name(name).help(help).labelNames(labelNames).register(registry);
  }

  public static Gauge gauge(PrometheusRegistry registry, String name, String help, String... labelNames) {
    return Gauge.builder().name(name).help(help).labelNames(labelNames).register(registry);
  }
}
