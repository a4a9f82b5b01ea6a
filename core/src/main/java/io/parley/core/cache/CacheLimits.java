package io.parley.core.cache;

import java.time.Duration;
import java.util.Optional;

/**
 * A tenant's own limits on its cached answers (its bot configuration): a shorter time to keep
 * them, fewer of them. What is empty, or larger than the node allows, is the node's.
 */
public record CacheLimits(Optional<Duration> ttl, Optional<Integer> maxEntries) {
  /** The node's limits. */
  public static CacheLimits node() {
    return new CacheLimits(Optional.empty(), Optional.empty());
  }

  /** The time to keep an answer: the tenant's when it is shorter than {@code nodeTtl}. */
  public Duration ttlWithin(Duration nodeTtl) {
    return ttl.filter(own -> own.compareTo(nodeTtl) < 0).orElse(nodeTtl);
  }

  /** The answers to keep: the tenant's when they are fewer than {@code nodeMax}. */
  public int maxEntriesWithin(int nodeMax) {
    return maxEntries.filter(own -> own < nodeMax).orElse(nodeMax);
  }
}
