package io.parley.core.limits;

import io.parley.core.bot.UsageLimits;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;

/**
 * How many customer messages a tenant's sessions may take per minute in the whole cluster, all
 * sessions together (a minute's worth as the burst; {@code 0}: no limit). Each session has its own
 * rate too; this one stops a tenant's many sessions, or one abusive integration, from taking the
 * cluster's capacity. Each node keeps the count of the sessions it holds and allows its share of
 * the limit: the limit divided by the members up ({@code nodes}), rounded up. A tenant's sessions
 * are spread over the nodes by their ids, so together they get the limit, within the unevenness of
 * that spread, without a message waiting for another node. A tenant's configuration may lower the
 * limit; its sessions on a node share one bucket, which fills at the rate of the session taking
 * from it, so while sessions of two versions are open the tenant gets at most the higher rate.
 * Thread-safe.
 */
public final class TenantMessageRate {
  private final int perMinute;
  private final IntSupplier nodes;
  private final KeyedBuckets buckets = new KeyedBuckets();

  /** {@code nodes}: how many members of the cluster are up now, this one among them. */
  public TenantMessageRate(int perMinute, IntSupplier nodes) {
    if (perMinute < 0) throw new IllegalArgumentException("the limit must be >= 0");
    this.perMinute = perMinute;
    this.nodes = nodes;
  }

  public static TenantMessageRate none() {
    return new TenantMessageRate(0, () -> 1);
  }

  /**
   * Takes one message of {@code tenant}, whose session's configuration may lower the node's limit
   * ({@code limits}); empty when it may be stored, else the refusal with when to try again.
   */
  public Optional<Refusal> take(String tenant, UsageLimits limits, Instant now) {
    return buckets.take(tenant, share(limits.messagesPerMinute(perMinute)), now).map(wait -> Refusal.retryLater(ErrorCode.RATE_LIMITED,
        "your organisation's conversations are sending too many messages; wait a moment", wait.toMillis()));
  }

  /** This node's share of the cluster's {@code limit} (0, no limit, stays so). */
  private int share(int limit) {
    int members = Math.max(1, nodes.getAsInt());
    return limit == 0 ? 0 : (limit + members - 1) / members;
  }
}
