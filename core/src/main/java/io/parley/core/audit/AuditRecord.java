package io.parley.core.audit;

/** An entry as the log holds it: {@code id} grows with every entry appended, so newer entries have larger ids. */
public record AuditRecord(long id, AuditEntry entry) {}
