package io.parley.sessions.evaluation;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Which closed conversations the judge scores (docs/evaluations.md, "Every conversation scored"):
 * a tenant's sample, decided by the session's id alone, so every node (and a node asking again
 * after a restart) decides alike; and its daily token cap, the tenant's own but never above the
 * node's.
 */
final class ScoringRules {
  private static final long BUCKETS = 10_000;

  private ScoringRules() {}

  /** Whether the session is in a sample of {@code rate} (0: none, 1: all) of the tenant's conversations. */
  static boolean sampled(String sessionId, double rate) {
    if (rate >= 1) return true;
    if (rate <= 0) return false;
    CRC32 hash = new CRC32();
    hash.update(sessionId.getBytes(StandardCharsets.UTF_8));
    return hash.getValue() % BUCKETS < Math.round(rate * BUCKETS);
  }

  /** The tenant's daily cap: its configuration's, at most the node's; the node's when it set none. */
  static long dailyCap(Optional<Integer> tenants, long nodes) {
    return tenants.map(cap -> Math.min(cap.longValue(), nodes)).orElse(nodes);
  }
}
