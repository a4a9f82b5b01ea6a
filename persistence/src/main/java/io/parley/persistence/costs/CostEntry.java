package io.parley.persistence.costs;

import java.time.Instant;

/**
 * One use of a paid engine by a conversation, priced: {@code kind} and {@code engine} as
 * {@link io.parley.core.cost.Spend} names them, its {@code quantity} in the kind's unit and its
 * {@code amount} in nanos of {@code currency}.
 */
public record CostEntry(String tenant, String key, String sessionId, String kind, String engine, long quantity,
    long amount, String currency, Instant at) {}
