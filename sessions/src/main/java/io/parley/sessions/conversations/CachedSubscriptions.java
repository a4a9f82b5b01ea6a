package io.parley.sessions.conversations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tenant's webhook subscriptions, asked of its configuration at most once per {@code refreshEvery}
 * and per node, rather than for every message the projection folds: a tenant subscribed to nothing
 * costs one ask a refresh, not one a message.
 *
 * <p>Why a short refresh rather than a word from each publish: the configuration's entity and the
 * projection's slices run on different nodes, and the subscription that counts was already the one
 * of the fold's moment, not the event's (the projection runs behind the journal). A refresh of a
 * few seconds moves that boundary by no more than the lag already does, and needs no message
 * between nodes that could be lost. The tenants are the node's known ones, so the map stays small;
 * an ask that fails is not kept, and fails the fold as before.
 */
public final class CachedSubscriptions implements SubscribedEvents {
  /** How long a node keeps a tenant's subscriptions before asking its configuration again. */
  public static final Duration REFRESH_EVERY = Duration.ofSeconds(10);

  private record Asked(List<String> events, Instant at) {}

  private final SubscribedEvents source;
  private final Duration refreshEvery;
  private final Clock clock;
  private final Map<String, Asked> byTenant = new ConcurrentHashMap<>();

  public CachedSubscriptions(SubscribedEvents source, Duration refreshEvery, Clock clock) {
    this.source = source;
    this.refreshEvery = refreshEvery;
    this.clock = clock;
  }

  @Override
  public List<String> of(String tenant) {
    Instant now = clock.instant();
    Asked known = byTenant.get(tenant);
    if (known != null && now.isBefore(known.at().plus(refreshEvery))) return known.events();
    List<String> events = List.copyOf(source.of(tenant));
    byTenant.put(tenant, new Asked(events, now));
    return events;
  }
}
