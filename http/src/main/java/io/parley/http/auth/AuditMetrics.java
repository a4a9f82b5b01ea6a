package io.parley.http.auth;

import io.parley.persistence.audit.AuditWrites;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;

/** {@code parley_audit_entries_written_total} and {@code parley_audit_write_failures_total{cause}}, the audit log's two counts. */
public final class AuditMetrics implements AuditWrites {
  private final Counter written;
  private final Counter failures;

  public AuditMetrics(PrometheusRegistry registry) {
    this.written = Counter.builder().name("parley_audit_entries_written_total").help("Audit entries written to the database.")
        .register(registry);
    this.failures = Counter.builder().name("parley_audit_write_failures_total").help(
            "Audit entries not written, by cause: queue_full, database, closed.")
        .labelNames("cause").register(registry);
  }

  @Override
  public void written(int entries) {
    written.inc(entries);
  }

  @Override
  public void lost(int entries, Loss why) {
    failures.labelValues(why.name().toLowerCase(Locale.ROOT)).inc(entries);
  }
}
