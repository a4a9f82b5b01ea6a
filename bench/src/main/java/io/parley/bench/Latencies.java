package io.parley.bench;

import java.util.ArrayList;
import java.util.List;

/** Latency samples from many customer threads, and their percentiles. */
final class Latencies {
  private final List<Long> nanos = new ArrayList<>();

  synchronized void add(long sampleNanos) {
    nanos.add(sampleNanos);
  }

  synchronized Summary summary() {
    List<Long> sorted = nanos.stream().sorted().toList();
    return new Summary(sorted.size(), millis(sorted, 0.50), millis(sorted, 0.95), millis(sorted, 0.99),
        millis(sorted, 1.0));
  }

  /** Nearest-rank percentile, in milliseconds; NaN without samples. */
  private static double millis(List<Long> sorted, double quantile) {
    if (sorted.isEmpty()) return Double.NaN;
    int rank = (int) Math.ceil(quantile * sorted.size());
    return sorted.get(Math.max(0, rank - 1)) / 1e6;
  }

  /** Milliseconds. */
  record Summary(int count, double p50, double p95, double p99, double max) {}
}
