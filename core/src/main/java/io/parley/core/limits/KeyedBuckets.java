package io.parley.core.limits;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * Token buckets by key, each allowing {@code perMinute} with a minute's worth as its burst (or
 * the burst a take names); a limit of {@code 0} admits everything. A take with another limit than the bucket's changes the
 * bucket to it, keeping the tokens it has up to the new burst. Thread-safe.
 *
 * <p>Past {@link #REMEMBERED_KEYS} keys (addresses are cheap to vary), full buckets are forgotten:
 * they would admit the next take anyway. The buckets are kept least recently taken first, and a
 * take forgets from that end while it finds full ones, so it looks at the buckets it forgets and
 * one more, never the whole map. A bucket refills within a minute of its last take (its burst is a
 * minute's worth; an hour for an hour's burst), so the ones kept beyond the limit are at most those
 * taken in that time.
 */
final class KeyedBuckets {
  static final int REMEMBERED_KEYS = 100_000;

  private final int rememberedKeys;
  /** In access order: a take moves its key to the end. Guarded by itself. */
  private final LinkedHashMap<String, TokenBucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
  /** Buckets looked at to forget full ones, for tests; guarded by {@link #buckets}. */
  private long examined;

  KeyedBuckets() {
    this(REMEMBERED_KEYS);
  }

  KeyedBuckets(int rememberedKeys) {
    this.rememberedKeys = rememberedKeys;
  }

  /** Empty when {@code key} may go on now; else how long until it may. */
  Optional<Duration> take(String key, int perMinute, Instant now) {
    return take(key, perMinute, perMinute, 1, now);
  }

  /**
   * Takes {@code cost} from {@code key}'s bucket of {@code perMinute} and {@code burst} (a limit of
   * {@code 0} admits everything): empty when it may go on now; else how long until it may.
   */
  Optional<Duration> take(String key, double perMinute, double burst, double cost, Instant now) {
    if (perMinute == 0) return Optional.empty();
    TokenBucket.Taken taken;
    synchronized (buckets) {
      TokenBucket bucket = buckets.get(key);
      taken = (bucket == null ? new TokenBucket(burst, perMinute, burst, now) : at(bucket, perMinute, burst, now))
          .take(now, cost);
      buckets.put(key, taken.bucket());
      forgetFull(now);
    }
    return taken.allowed() ? Optional.empty() : Optional.of(taken.retryAfter());
  }

  /** Keys remembered now. */
  int remembered() {
    synchronized (buckets) {
      return buckets.size();
    }
  }

  /** Buckets looked at so far to forget full ones. */
  long examined() {
    synchronized (buckets) {
      return examined;
    }
  }

  private static TokenBucket at(TokenBucket bucket, double perMinute, double burst, Instant now) {
    if (bucket.perMinute() == perMinute && bucket.capacity() == burst) return bucket;
    TokenBucket refilled = bucket.refilled(now);
    return new TokenBucket(burst, perMinute, Math.min(refilled.tokens(), burst), now);
  }

  private void forgetFull(Instant now) {
    Iterator<TokenBucket> leastRecentlyTaken = buckets.values().iterator();
    while (buckets.size() > rememberedKeys && leastRecentlyTaken.hasNext()) {
      TokenBucket bucket = leastRecentlyTaken.next();
      examined++;
      if (bucket.refilled(now).tokens() < bucket.capacity()) return;
      leastRecentlyTaken.remove();
    }
  }
}
