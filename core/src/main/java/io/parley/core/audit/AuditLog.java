package io.parley.core.audit;

/**
 * The tenants' audit logs: append-only (nothing here changes or removes an entry), each tenant
 * reading only its own.
 */
public interface AuditLog {
  /**
   * Records {@code entry}. Called on request threads and in actors: it never blocks on I/O and never
   * throws; an entry that cannot be kept is counted and logged by the implementation, never dropped
   * without a trace.
   */
  void append(AuditEntry entry);

  /** A page of {@code query.tenant()}'s log, newest first. May block: call it off actor threads. */
  AuditPage page(AuditQuery query);
}
