package io.parley.core.limits;

import java.time.Duration;
import java.time.Instant;

/**
 * Token-bucket arithmetic: {@code capacity} tokens at most (the burst), refilled continuously at
 * {@code perMinute} per minute. Immutable and given the time, so it is tested without sleeping.
 */
public record TokenBucket(double capacity, double perMinute, double tokens, Instant refilledAt) {
  /** What taking one token decided: the bucket after it, and when the next token comes if refused. */
  public record Taken(boolean allowed, TokenBucket bucket, Duration retryAfter) {}

  public TokenBucket {
    if (capacity < 1 || perMinute <= 0) {
      throw new IllegalArgumentException("need capacity >= 1 and perMinute > 0, got " + capacity + " and " + perMinute);
    }
  }

  public static TokenBucket full(int perMinute, int burst, Instant now) {
    return new TokenBucket(burst, perMinute, burst, now);
  }

  public Taken take(Instant now) {
    return take(now, 1);
  }

  /** Takes {@code cost} tokens (a file's bytes, say) at once, or none; a cost past the capacity costs the capacity. */
  public Taken take(Instant now, double cost) {
    double wanted = Math.min(cost, capacity);
    TokenBucket refilled = refilled(now);
    if (refilled.tokens >= wanted) {
      return new Taken(true, new TokenBucket(capacity, perMinute, refilled.tokens - wanted, now), Duration.ZERO);
    }
    double missing = wanted - refilled.tokens;
    long millis = (long) Math.ceil(missing * 60_000 / perMinute);
    return new Taken(false, refilled, Duration.ofMillis(Math.max(1, millis)));
  }

  /** The bucket as it is at {@code now}, with what it earned since it was last refilled. */
  public TokenBucket refilled(Instant now) {
    if (!now.isAfter(refilledAt)) return this;
    double earned = Duration.between(refilledAt, now).toNanos() / 60e9 * perMinute;
    return new TokenBucket(capacity, perMinute, Math.min(capacity, tokens + earned), now);
  }
}
