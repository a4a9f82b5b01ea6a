package io.parley.sessions.failsafe;

import io.parley.core.session.SessionFailure;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.pattern.CircuitBreakerOpenException;
import org.apache.pekko.persistence.RecoveryTimedOut;

/**
 * Which failures count against a session: its own (a journal row it cannot read, an event its fold
 * refuses, a command handler that throws), not the store's: an SQL error, a timeout (an ask's too),
 * the journal's pool refusing more work, its circuit breaker open. A database that is down or slow fails
 * every session alike and passes; counting it would make healthy sessions failed-safe during an
 * outage, so such a failure is retried with backoff as before.
 */
final class CountedFailure {
  private CountedFailure() {}

  /** {@code thrown} at {@code kind} as the session's own failure; none when the store failed. */
  static Optional<SessionFailure> of(SessionFailure.Kind kind, Throwable thrown) {
    for (Throwable cause = thrown; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (storeFailed(cause)) return Optional.empty();
    }
    return Optional.of(SessionFailure.of(kind, thrown));
  }

  private static boolean storeFailed(Throwable cause) {
    return cause instanceof SQLException || cause instanceof TimeoutException || cause instanceof RejectedExecutionException
        || cause instanceof CircuitBreakerOpenException || cause instanceof RecoveryTimedOut;
  }
}
