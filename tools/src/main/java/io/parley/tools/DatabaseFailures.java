package io.parley.tools;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** Which failures of the node's database are worth a retry, for the store tools and the steps that write tickets. */
public final class DatabaseFailures {
  private DatabaseFailures() {}

  /**
   * Whether {@code failure} or one of its causes is a database failure a second attempt can get
   * past: no connection or a pool that timed out, a deadlock or serialization failure, a server
   * shutting down, H2's lock timeout. Anything else (a constraint, a bad statement) fails the same
   * way again.
   */
  public static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof SQLTransientException || cause instanceof SQLRecoverableException) return true;
      if (cause instanceof SQLException sql && isTransientState(sql.getSQLState())) return true;
    }
    return false;
  }

  /**
   * Connection exceptions (08), serialization failures and deadlocks (40), insufficient
   * resources (53), operator intervention such as a restart (57P), H2's lock timeout (HYT00) and
   * concurrent update (90131).
   */
  static boolean isTransientState(String state) {
    if (state == null) return false;
    return state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57P")
        || state.equals("HYT00") || state.equals("90131");
  }
}
