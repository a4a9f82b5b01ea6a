package io.parley.http.auth;

import io.parley.core.identity.ProviderFetches;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/**
 * {@code parley_identity_provider_reads_total{document, outcome}}, the node's reads of identity
 * providers ({@code document}: {@code discovery} or {@code keys}; {@code outcome}: {@code read},
 * {@code slow} or {@code failed}), and {@code parley_identity_tokens_refused_without_keys_total},
 * the tokens refused at once because their issuer's keys were not known.
 */
public final class ProviderMetrics implements ProviderFetches {
  private final Counter reads;
  private final Counter refused;

  public ProviderMetrics(PrometheusRegistry registry) {
    this.reads = Counter.builder().name("parley_identity_provider_reads_total").help(
            "Reads of identity providers' discovery documents and key sets, by document and outcome: read, slow "
                + "(over a quarter of the timeout) or failed.")
        .labelNames("document", "outcome").register(registry);
    this.refused = Counter.builder().name("parley_identity_tokens_refused_without_keys_total").help(
            "Tokens refused at once because their issuer's keys were being read or could not be read.")
        .register(registry);
  }

  @Override
  public void read(Document document, Outcome outcome) {
    reads.labelValues(document == Document.DISCOVERY ? "discovery" : "keys", outcome.name().toLowerCase(Locale.ROOT)).inc();
  }

  @Override
  public void refusedWithoutKeys() {
    refused.inc();
  }
}
