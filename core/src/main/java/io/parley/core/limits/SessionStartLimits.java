package io.parley.core.limits;

import io.parley.core.language.Wording;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How fast new conversations may start on a node, per client address and per tenant: without it
 * the per-session message limit is bypassed by opening sessions. Each key has a token bucket of
 * {@code perMinute} (the burst is a minute's worth); {@code 0} is no limit. The counts are the
 * node's own (a cluster of n nodes behind a balancer admits up to n times as many). Thread-safe;
 * given the time, so it is tested without sleeping.
 *
 * <p>A conversation starts with its customer's first message: a chat session opened without one
 * (a page that loaded the widget) is not counted by {@link #start}, only by {@link #open}, the
 * address's guard against a flood of empty sessions, {@value #EMPTY_SESSIONS_PER_CONVERSATION}
 * times as generous.
 */
public final class SessionStartLimits {
  /** Which limit refused, and when a new session could start. */
  public record Refused(String limit, Duration retryAfter) {
    /** As the client reads it: {@code rate_limited}, with when to try again. */
    public Refusal refusal() {
      return Refusal.retryLater(ErrorCode.RATE_LIMITED, "too many new conversations ("
          + limit.replace('_', ' ') + "); try again later or resume an existing one", retryAfter.toMillis());
    }

    /** As a customer reads it, in {@code wording}'s language: {@code rate_limited}, with when to try again. */
    public Refusal refusal(Wording wording) {
      return Refusal.retryLater(ErrorCode.RATE_LIMITED, wording.text("refusal.new-conversations"), retryAfter.toMillis());
    }
  }

  /** How many sessions without a customer message an address may open for each conversation it may start. */
  public static final int EMPTY_SESSIONS_PER_CONVERSATION = 10;

  private final int perAddress;
  private final int perTenant;
  private final KeyedBuckets buckets = new KeyedBuckets();

  public SessionStartLimits(int perAddressPerMinute, int perTenantPerMinute) {
    if (perAddressPerMinute < 0 || perTenantPerMinute < 0) throw new IllegalArgumentException("limits must be >= 0");
    this.perAddress = perAddressPerMinute;
    this.perTenant = perTenantPerMinute;
  }

  /** No limit at all. */
  public static SessionStartLimits none() {
    return new SessionStartLimits(0, 0);
  }

  /**
   * Takes the opening of a session that has no customer message yet from {@code address}'s guard
   * (none when the address is unknown), or says that it refuses and for how long.
   */
  public Optional<Refused> open(Optional<String> address, Instant now) {
    if (address.isEmpty()) return Optional.empty();
    return take("opened " + address.get(), perAddress * EMPTY_SESSIONS_PER_CONVERSATION, now, "per_address");
  }

  /**
   * Takes a start for {@code tenant} from {@code address} (empty when unknown, which only the
   * tenant's limit then counts), or says which limit refuses it and for how long.
   */
  public Optional<Refused> start(String tenant, Optional<String> address, Instant now) {
    if (address.isPresent()) {
      Optional<Refused> refused = take("address " + address.get(), perAddress, now, "per_address");
      if (refused.isPresent()) return refused;
    }
    return take("tenant " + tenant, perTenant, now, "per_tenant");
  }

  private Optional<Refused> take(String key, int perMinute, Instant now, String limit) {
    return buckets.take(key, perMinute, now).map(wait -> new Refused(limit, wait));
  }
}
