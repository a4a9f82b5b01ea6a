package io.parley.core.testing;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.stream.Stream;

/**
 * A registry's samples under the names {@code /metrics} gives them: a counter's with {@code _total},
 * a histogram's {@code _count} and {@code _sum}. Label order does not matter, as in Prometheus.
 */
public final class MetricSamples {
  private record Sample(String name, Labels labels, double value) {}

  private MetricSamples() {}

  /** The value of a sample without labels, or null when the registry has none. */
  public static Double value(PrometheusRegistry registry, String name) {
    return value(registry, name, new String[0], new String[0]);
  }

  /** The value of the sample with exactly these labels, or null when the registry has none. */
  public static Double value(PrometheusRegistry registry, String name, String[] labelNames, String[] labelValues) {
    Labels wanted = Labels.of(labelNames, labelValues);
    return samples(registry).filter(sample -> sample.name().equals(name) && sample.labels().equals(wanted))
        .map(Sample::value).findFirst().orElse(null);
  }

  /** The sum of the samples named so whose label {@code labelName} is {@code labelValue}. */
  public static double sum(PrometheusRegistry registry, String name, String labelName, String labelValue) {
    return samples(registry)
        .filter(sample -> sample.name().equals(name) && labelValue.equals(sample.labels().get(labelName)))
        .mapToDouble(Sample::value).sum();
  }

  private static Stream<Sample> samples(PrometheusRegistry registry) {
    return registry.scrape().stream().flatMap(MetricSamples::samples);
  }

  private static Stream<Sample> samples(MetricSnapshot metric) {
    String name = metric.getMetadata().getPrometheusName();
    if (metric instanceof CounterSnapshot counter) {
      return counter.getDataPoints().stream().map(point -> new Sample(name + "_total", point.getLabels(), point.getValue()));
    }
    if (metric instanceof GaugeSnapshot gauge) {
      return gauge.getDataPoints().stream().map(point -> new Sample(name, point.getLabels(), point.getValue()));
    }
    if (metric instanceof HistogramSnapshot histogram) {
      return histogram.getDataPoints().stream().flatMap(point -> Stream.of(
          new Sample(name + "_count", point.getLabels(), point.getCount()),
          new Sample(name + "_sum", point.getLabels(), point.getSum())));
    }
    throw new IllegalArgumentException(metric.getClass().getSimpleName() + " " + name + " is not read here");
  }
}
