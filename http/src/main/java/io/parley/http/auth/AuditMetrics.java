package io.parley.http.auth;

import io.parley.persistence.audit.AuditWrites;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.util.Locale;

/** {@code parley_audit_entries_written_total} and {@code parley_audit_write_failures_total{cause}}, the audit log's two counts. */
public final class AuditMetrics implements AuditWrites {
  private final Counter written;
  private final Counter failures;

  public AuditMetrics(CollectorRegistry registry) {
    this.written = Counter.build("parley_audit_entries_written_total", "Audit entries written to the database.")
        .register(registry);
    this.failures = Counter.build("parley_audit_write_failures_total",
            "Audit entries not written, by cause: queue_full, database, closed.")
        .labelNames("cause").register(registry);
  }

  @Override
  public void written(int entries) {
    written.inc(entries);
  }

  @Override
  public void lost(int entries, Loss why) {
    failures.labels(why.name().toLowerCase(Locale.ROOT)).inc(entries);
  }
}
