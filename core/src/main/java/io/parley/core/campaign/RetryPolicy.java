package io.parley.core.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a lead is called again after an attempt: only a {@code busy} or {@code no_answer}
 * attempt is retried (someone answered, declined or the number failed: calling again would not
 * help, or would harass), up to {@code attempts} attempts in all, the n-th retry {@code delay ×
 * backoff^(n-1)} after the attempt ended.
 */
public record RetryPolicy(int attempts, Duration delay, double backoff) {
  public static final int MAX_ATTEMPTS = 10;
  private static final Set<String> RETRIED = Set.of("busy", "no_answer");

  public RetryPolicy {
    if (attempts < 1 || attempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException("retry.attempts is from 1 to " + MAX_ATTEMPTS + ", got " + attempts);
    }
    if (delay.isNegative() || delay.compareTo(Duration.ofDays(7)) > 0) {
      throw new IllegalArgumentException("retry.delaySeconds is from 0 to a week, got " + delay.toSeconds());
    }
    if (!(backoff >= 1 && backoff <= 10)) {
      throw new IllegalArgumentException("retry.backoff is from 1 to 10, got " + backoff);
    }
  }

  /**
   * When the lead is next called after its {@code made}-th attempt ended with {@code outcome} at
   * {@code endedAt}; empty when that attempt was its last.
   */
  public Optional<Instant> retryAt(String outcome, int made, Instant endedAt) {
    if (!RETRIED.contains(outcome) || made >= attempts) return Optional.empty();
    double seconds = delay.toMillis() / 1000.0 * Math.pow(backoff, made - 1);
    return Optional.of(endedAt.plusMillis(Math.round(seconds * 1000)));
  }
}
