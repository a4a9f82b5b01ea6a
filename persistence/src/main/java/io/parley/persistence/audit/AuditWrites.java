package io.parley.persistence.audit;

/** What becomes of the entries {@link JdbcAuditLog} is given: the node counts both in its metrics. */
public interface AuditWrites {
  /** Why entries were not kept. */
  enum Loss {
    /** The queue was full: the database has been slower than the requests for a while. */
    QUEUE_FULL,
    /** The database refused or did not answer the write, after retries. */
    DATABASE,
    /** Appended after the log was closed (a node's last moments). */
    CLOSED
  }

  void written(int entries);

  void lost(int entries, Loss why);
}
