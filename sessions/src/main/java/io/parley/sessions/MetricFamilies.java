package io.parley.sessions;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * A counter, gauge or histogram of the sessions' and calls' metrics, registered in the caller's
 * registry under its name, help and label names (none for a family of one series).
 */
public final class MetricFamilies {
  private MetricFamilies() {}

  public static Counter counter(PrometheusRegistry registry, String name, String help, String... labelNames) {
    return Counter.builder().name(name).help(help).labelNames(labelNames).register(registry);
  }

  public static Gauge gauge(PrometheusRegistry registry, String name, String help, String... labelNames) {
    return Gauge.builder().name(name).help(help).labelNames(labelNames).register(registry);
  }

  /** Classic buckets only, with these upper bounds: what the dashboards and alerts read. */
  public static Histogram histogram(PrometheusRegistry registry, String name, String help, double[] upperBounds,
      String... labelNames) {
    return Histogram.builder().classicOnly().name(name).help(help).labelNames(labelNames)
        .classicUpperBounds(upperBounds).register(registry);
  }
}
