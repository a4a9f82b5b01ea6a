package io.parley.core.limits;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.time.Instant;
import java.util.Optional;

/**
 * How many customer messages a tenant's sessions may take per minute on a node, all sessions
 * together (a minute's worth as the burst; {@code 0}: no limit). Each session has its own rate too;
 * this one stops a tenant's many sessions, or one abusive integration, from taking a node's whole
 * capacity. The count is the node's own, like {@link SessionStartLimits}. Thread-safe.
 */
public final class TenantMessageRate {
  private final int perMinute;
  private final KeyedBuckets buckets = new KeyedBuckets();

  public TenantMessageRate(int perMinute) {
    if (perMinute < 0) throw new IllegalArgumentException("the limit must be >= 0");
    this.perMinute = perMinute;
  }

  public static TenantMessageRate none() {
    return new TenantMessageRate(0);
  }

  /** Takes one message of {@code tenant}; empty when it may be stored, else the refusal with when to try again. */
  public Optional<Refusal> take(String tenant, Instant now) {
    return buckets.take(tenant, perMinute, now).map(wait -> Refusal.retryLater(ErrorCode.RATE_LIMITED,
        "your organisation's conversations are sending too many messages; wait a moment", wait.toMillis()));
  }
}
