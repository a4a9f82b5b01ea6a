package io.parley.core.session;

import java.time.Instant;

/**
 * How often a session failed: its latest failure, how many there were since staff last retried it,
 * and when the first and the latest came. Once {@code count} reaches the node's bound the session
 * is failed-safe: it neither replays its journal nor runs a command until staff retry it
 * (docs/operations.md#failed-safe-sessions).
 */
public record FailureTally(SessionFailure latest, int count, Instant firstAt, Instant lastAt) {

  public FailureTally {
    if (count < 1) throw new IllegalArgumentException("a tally counts at least one failure, got " + count);
  }

  /** The first failure since the session was last retried (or ever). */
  public static FailureTally first(SessionFailure failure, Instant at) {
    return new FailureTally(failure, 1, at, at);
  }

  /** This tally with one more failure, {@code failure} at {@code at}. */
  public FailureTally and(SessionFailure failure, Instant at) {
    return new FailureTally(failure, count == Integer.MAX_VALUE ? count : count + 1, firstAt, at);
  }

  /** Whether the session is failed-safe under a bound of {@code bound} failures. */
  public boolean failedSafe(int bound) {
    return count >= bound;
  }
}
