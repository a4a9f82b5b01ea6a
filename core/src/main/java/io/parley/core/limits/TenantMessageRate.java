package io.parley.core.limits;

import io.parley.core.bot.UsageLimits;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.time.Instant;
import java.util.Optional;

/**
 * How many customer messages a tenant's sessions may take per minute on a node, all sessions
 * together (a minute's worth as the burst; {@code 0}: no limit). Each session has its own rate too;
 * this one stops a tenant's many sessions, or one abusive integration, from taking a node's whole
 * capacity. The count is the node's own, like {@link SessionStartLimits}. A tenant's configuration may
 * lower the limit; its sessions share one bucket, which fills at the rate of the session taking from
 * it, so while sessions of two versions are open the tenant gets at most the higher rate. Thread-safe.
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

  /**
   * Takes one message of {@code tenant}, whose session's configuration may lower the node's limit
   * ({@code limits}); empty when it may be stored, else the refusal with when to try again.
   */
  public Optional<Refusal> take(String tenant, UsageLimits limits, Instant now) {
    return buckets.take(tenant, limits.messagesPerMinute(perMinute), now).map(wait -> Refusal.retryLater(ErrorCode.RATE_LIMITED,
        "your organisation's conversations are sending too many messages; wait a moment", wait.toMillis()));
  }
}
