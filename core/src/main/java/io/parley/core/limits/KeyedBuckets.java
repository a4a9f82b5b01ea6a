package io.parley.core.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets by key, each allowing {@code perMinute} with a minute's worth as its burst; a
 * limit of {@code 0} admits everything. A take with another limit than the bucket's changes the
 * bucket to it, keeping the tokens it has up to the new burst. Thread-safe.
 */
final class KeyedBuckets {
  // Past this many remembered keys (addresses are cheap to vary), full buckets are forgotten: they
  // would admit the next take anyway.
  private static final int REMEMBERED_KEYS = 100_000;

  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  /** Empty when {@code key} may go on now; else how long until it may. */
  Optional<Duration> take(String key, int perMinute, Instant now) {
    if (perMinute == 0) return Optional.empty();
    if (buckets.size() > REMEMBERED_KEYS) forgetFull(now);
    TokenBucket.Taken[] taken = new TokenBucket.Taken[1];
    buckets.compute(key, (k, bucket) -> {
      taken[0] = (bucket == null ? TokenBucket.full(perMinute, perMinute, now) : at(bucket, perMinute, now)).take(now);
      return taken[0].bucket();
    });
    return taken[0].allowed() ? Optional.empty() : Optional.of(taken[0].retryAfter());
  }

  private static TokenBucket at(TokenBucket bucket, int perMinute, Instant now) {
    if (bucket.perMinute() == perMinute) return bucket;
    TokenBucket refilled = bucket.refilled(now);
    return new TokenBucket(perMinute, perMinute, Math.min(refilled.tokens(), perMinute), now);
  }

  private void forgetFull(Instant now) {
    buckets.values().removeIf(bucket -> bucket.refilled(now).tokens() >= bucket.capacity());
  }
}
