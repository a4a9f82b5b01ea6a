package io.parley.core.audit;

import java.util.List;
import java.util.Optional;

/** Entries of an audit log, newest first, and the cursor of the older ones when there are any. */
public record AuditPage(List<AuditRecord> entries, Optional<String> next) {
  public AuditPage {
    entries = List.copyOf(entries);
  }

  /**
   * The page of {@code limit} entries out of {@code fetched}, newest first, which a store read with
   * one row more than the limit: that row's presence is what says an older page exists.
   */
  public static AuditPage of(List<AuditRecord> fetched, int limit) {
    if (fetched.size() <= limit) return new AuditPage(fetched, Optional.empty());
    List<AuditRecord> page = fetched.subList(0, limit);
    return new AuditPage(page, Optional.of(AuditQuery.cursorAfter(page.get(limit - 1).id())));
  }
}
