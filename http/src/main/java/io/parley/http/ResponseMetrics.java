package io.parley.http;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code parley_http_responses_total{status}}: the node's HTTP answers by status (docs/operations.md),
 * so that an operator sees the 503s (a part of the node that did not answer in time, the key store
 * unreachable, a probe while the node starts or drains) and the 500s beside the rest, without
 * reading the access log.
 */
final class ResponseMetrics {
  private final Counter responses;

  ResponseMetrics(PrometheusRegistry registry) {
    this.responses = Counter.builder().name("parley_http_responses_total")
        .help("HTTP responses of the node's port, by status code.")
        .labelNames("status").register(registry);
  }

  void answered(int status) {
    responses.labelValues(Integer.toString(status)).inc();
  }
}
