package io.parley.persistence.calls;

import java.time.Instant;
import java.util.Optional;

/** A row of {@code outbound_call} (V40): a call the node placed for a tenant, and how it went. */
public record OutboundCallRow(String id, String tenant, String node, String state, Optional<String> outcome,
    Optional<Integer> sipStatus, Optional<String> sessionId, String target, String callerId, Instant createdAt,
    Optional<Instant> answeredAt, Optional<Instant> endedAt) {}
