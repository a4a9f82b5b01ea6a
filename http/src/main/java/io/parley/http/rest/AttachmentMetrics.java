package io.parley.http.rest;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@code parley_attachment_refusals_total{reason}}, uploads refused by why (docs/operations.md),
 * and {@code parley_attachment_bytes_stored_total}, the bytes of the files stored.
 */
public final class AttachmentMetrics {
  private final Counter refusals;
  private final Counter stored;

  public AttachmentMetrics(PrometheusRegistry registry) {
    this.refusals = Counter.builder().name("parley_attachment_refusals_total").help(
            "Uploads refused, by reason: too_large, image_too_large, unsupported, closed, full, files_per_address,"
                + " files_per_tenant, bytes_per_address, bytes_per_tenant.")
        .labelNames("reason").register(registry);
    this.stored = Counter.builder().name("parley_attachment_bytes_stored_total")
        .help("Bytes of the files stored in conversations, as kept (images without their metadata).")
        .register(registry);
  }

  void refused(String reason) {
    refusals.labelValues(reason).inc();
  }

  void stored(long bytes) {
    stored.inc(bytes);
  }
}
