package io.parley.core.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How often one source address may ask for something, such as a new phone call: a token bucket of
 * {@code perMinute} per address (the burst is a minute's worth); {@code 0} is no limit. Memory is
 * bounded however many addresses ask. Thread-safe; given the time, so tested without sleeping.
 */
public final class SourceRate {
  private final int perMinute;
  private final KeyedBuckets buckets = new KeyedBuckets();

  public SourceRate(int perMinute) {
    if (perMinute < 0) throw new IllegalArgumentException("perMinute must be >= 0, got " + perMinute);
    this.perMinute = perMinute;
  }

  /** Empty when {@code source} may go on now; else how long until it may. */
  public Optional<Duration> take(String source, Instant now) {
    return buckets.take(source, perMinute, now);
  }
}
