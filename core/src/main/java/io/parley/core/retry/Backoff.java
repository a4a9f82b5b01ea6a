package io.parley.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * An exponential backoff schedule with jitter: the n-th retry waits {@code initialDelay *
 * multiplier^(n-1)}, capped at {@code maxDelay}, then shortened by a random share of up to
 * {@code jitterFraction} of itself. A fraction of 1 is "full jitter", 0 is a fixed schedule;
 * jitter keeps many clients that failed together from retrying together.
 */
public record Backoff(Duration initialDelay, Duration maxDelay, double multiplier, double jitterFraction) {
  public Backoff {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay, got " + initialDelay + " and " + maxDelay);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be a finite number >= 1, got " + multiplier);
    }
    if (!(jitterFraction >= 0.0 && jitterFraction <= 1.0)) {
      throw new IllegalArgumentException("jitterFraction must be between 0 and 1, got " + jitterFraction);
    }
  }

  /**
   * The wait before retry number {@code retryNumber} (1 for the first retry). {@code random}
   * yields values in [0, 1), e.g. {@code ThreadLocalRandom.current()::nextDouble}; tests pass a
   * constant.
   */
  public Duration delayBeforeRetry(int retryNumber, DoubleSupplier random) {
    if (retryNumber < 1) {
      throw new IllegalArgumentException("retryNumber starts at 1, got " + retryNumber);
    }
    double draw = random.getAsDouble();
    if (!(draw >= 0.0 && draw <= 1.0)) {
      throw new IllegalArgumentException("random source must yield values in [0, 1], got " + draw);
    }
    // Doubles, so that a large retry number saturates at maxDelay instead of overflowing.
    double exponentialNanos = initialDelay.toNanos() * Math.pow(multiplier, retryNumber - 1);
    double cappedNanos = Math.min(exponentialNanos, maxDelay.toNanos());
    return Duration.ofNanos(Math.round(cappedNanos * (1.0 - jitterFraction * draw)));
  }
}
