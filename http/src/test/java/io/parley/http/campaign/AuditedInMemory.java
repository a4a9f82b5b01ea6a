package io.parley.http.campaign;

import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditLog;
import io.parley.core.audit.AuditPage;
import io.parley.core.audit.AuditQuery;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The audit log the dialler and its budget pauses write to, kept in memory. */
final class AuditedInMemory implements AuditLog {
  final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

  @Override
  public void append(AuditEntry entry) {
    entries.add(entry);
  }

  @Override
  public AuditPage page(AuditQuery query) {
    throw new UnsupportedOperationException("the campaigns only write to the audit log");
  }
}
