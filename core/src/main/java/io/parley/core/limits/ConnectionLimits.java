package io.parley.core.limits;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * How many sockets (chat and agent) may be open at once on a node, per client address and per
 * tenant: an open socket holds memory and a connection actor whether or not it chats, so one
 * address, or one tenant's widget gone wrong, must not take them all. {@code 0} is no limit. A
 * socket is {@link Admitted} with a slot when it opens and gives the slot back when it closes; the
 * counts are the node's own. Thread-safe.
 */
public final class ConnectionLimits {
  /** When a refused client may try again: sockets close at their own pace, so this is only a hint. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  /** Whether a socket may open. */
  public sealed interface Admission {}

  /** It may: {@link #close()} (once, however often called) when the socket closes frees its place. */
  public static final class Admitted implements Admission, AutoCloseable {
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Admitted(Runnable release) {
      this.release = release;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) release.run();
    }
  }

  /** It may not: {@code limit} is {@code per_address} or {@code per_tenant}; a refused socket counts nowhere. */
  public record Refused(String limit) implements Admission {
    /** As the client reads it: {@code rate_limited} (429), with when to try again. */
    public Refusal refusal() {
      return Refusal.retryLater(ErrorCode.RATE_LIMITED, "too many open connections (" + limit.replace('_', ' ')
          + "); close one or try again later", RETRY_AFTER.toMillis());
    }
  }

  private final int perAddress;
  private final int perTenant;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  public ConnectionLimits(int perAddress, int perTenant) {
    if (perAddress < 0 || perTenant < 0) throw new IllegalArgumentException("limits must be >= 0");
    this.perAddress = perAddress;
    this.perTenant = perTenant;
  }

  /** No limit at all. */
  public static ConnectionLimits none() {
    return new ConnectionLimits(0, 0);
  }

  /** A socket of {@code tenant} from {@code address} (empty when unknown: only the tenant's count applies) opens. */
  public Admission open(String tenant, Optional<String> address) {
    Optional<String> addressKey = address.map(a -> "address " + a);
    if (addressKey.isPresent() && !take(addressKey.get(), perAddress)) return new Refused("per_address");
    String tenantKey = "tenant " + tenant;
    if (!take(tenantKey, perTenant)) {
      addressKey.ifPresent(this::giveBack);
      return new Refused("per_tenant");
    }
    return new Admitted(() -> {
      giveBack(tenantKey);
      addressKey.ifPresent(this::giveBack);
    });
  }

  private boolean take(String key, int limit) {
    boolean[] taken = {false};
    open.compute(key, (k, count) -> {
      int now = count == null ? 0 : count;
      taken[0] = limit == 0 || now < limit;
      return taken[0] ? Integer.valueOf(now + 1) : count;
    });
    return taken[0];
  }

  // A count back at zero is removed, so the map holds only the addresses and tenants with open sockets.
  private void giveBack(String key) {
    open.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
  }
}
