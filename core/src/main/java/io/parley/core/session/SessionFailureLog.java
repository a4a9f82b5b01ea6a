package io.parley.core.session;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Where the failures of sessions are counted, outside their journals, so that a session whose
 * journal or commands keep failing is known to be failed-safe before it replays anything
 * ({@link FailureTally}). Blocking: called off the actor threads.
 */
public interface SessionFailureLog {
  /** Counts {@code failure} of session {@code id} at {@code at}; the tally it makes. */
  FailureTally count(SessionId id, SessionFailure failure, Instant at);

  /** The session's tally; none when it did not fail since it was last retried. */
  Optional<FailureTally> find(SessionId id);

  /** Forgets the session's failures, so that it recovers as usual; false when it had none. */
  boolean clear(SessionId id);

  /** The tallies of those of {@code wireIds} (the tenant's sessions) that failed; the others are absent. */
  Map<String, FailureTally> of(String tenant, Collection<String> wireIds);

  /** How many of the tenant's sessions failed at least {@code bound} times: its failed-safe sessions. */
  int failedSafe(String tenant, int bound);
}
