package io.parley.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.DoubleSupplier;

/**
 * How a step that may fail is tried: each attempt may take up to {@code attemptTimeout}; a
 * transient failure is retried after the {@code backoff}, up to {@code maxAttempts} attempts in all
 * (the first included) or, when there is no bound, until it succeeds; a permanent failure ends it
 * at once. Pure: whoever runs the attempts owns the clock and the timers.
 */
public record RetryPolicy(OptionalInt maxAttempts, Duration attemptTimeout, Backoff backoff) {
  public RetryPolicy {
    Objects.requireNonNull(maxAttempts, "maxAttempts");
    Objects.requireNonNull(attemptTimeout, "attemptTimeout");
    Objects.requireNonNull(backoff, "backoff");
    if (maxAttempts.isPresent() && maxAttempts.getAsInt() < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts.getAsInt());
    }
    if (attemptTimeout.isZero() || attemptTimeout.isNegative()) {
      throw new IllegalArgumentException("attemptTimeout must be positive, got " + attemptTimeout);
    }
  }

  /** At most {@code maxAttempts} attempts, the first included. */
  public static RetryPolicy atMost(int maxAttempts, Duration attemptTimeout, Backoff backoff) {
    return new RetryPolicy(OptionalInt.of(maxAttempts), attemptTimeout, backoff);
  }

  /** No bound: transient failures are retried for as long as it takes. */
  public static RetryPolicy untilSuccess(Duration attemptTimeout, Backoff backoff) {
    return new RetryPolicy(OptionalInt.empty(), attemptTimeout, backoff);
  }

  /** Whether attempt number {@code attempt} (1 for the first) may run at all. */
  public boolean allows(int attempt) {
    if (attempt < 1) throw new IllegalArgumentException("attempts are numbered from 1, got " + attempt);
    return maxAttempts.isEmpty() || attempt <= maxAttempts.getAsInt();
  }

  /**
   * The wait before the next attempt, after attempt number {@code failedAttempt} failed; empty when
   * there is none: the failure is permanent or the attempts are used up. {@code random} feeds the
   * backoff's jitter (see {@link Backoff#delayBeforeRetry}).
   */
  public Optional<Duration> nextRetry(int failedAttempt, boolean transientFailure, DoubleSupplier random) {
    if (!allows(failedAttempt)) {
      throw new IllegalArgumentException("attempt " + failedAttempt + " is beyond the " + maxAttempts.getAsInt() + " allowed");
    }
    if (!transientFailure || !allows(failedAttempt + 1)) return Optional.empty();
    return Optional.of(backoff.delayBeforeRetry(failedAttempt, random));
  }
}
