package io.parley.http.testing;

import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditLog;
import io.parley.core.audit.AuditPage;
import io.parley.core.audit.AuditQuery;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** An audit log kept in memory, for the tests of parts that write to it and never read it back. */
public final class AuditedInMemory implements AuditLog {
  public final List<AuditEntry> entries = new CopyOnWriteArrayList<>();

  @Override
  public void append(AuditEntry entry) {
    entries.add(entry);
  }

  @Override
  public AuditPage page(AuditQuery query) {
    throw new UnsupportedOperationException("the test reads its entries, not pages of them");
  }
}
