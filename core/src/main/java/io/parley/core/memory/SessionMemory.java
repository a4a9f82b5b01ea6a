package io.parley.core.memory;

import java.time.Instant;
import java.util.List;

/** What one closed session contributes to its user's long-term memory. */
public record SessionMemory(
    String tenant, String userId, String sessionId, Instant closedAt, String summary, List<PinnedFact> facts) {
  public SessionMemory {
    facts = List.copyOf(facts);
  }
}
