package io.parley.core.voice;

import java.time.LocalDate;

/**
 * Tells a tenant that its premium voice spend reached a {@link VoiceBudgetLevel} today. Any node
 * may call it, and more than once for the same day and level: it must tell the tenant once.
 */
public interface VoiceBudgetAlerts {
  void reached(String tenant, VoiceBudgetLevel level, long spent, long budget, LocalDate day);

  /** For a node or a test that tells nobody. */
  static VoiceBudgetAlerts none() {
    return (tenant, level, spent, budget, day) -> {};
  }
}
