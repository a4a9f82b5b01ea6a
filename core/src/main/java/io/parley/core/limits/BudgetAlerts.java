package io.parley.core.limits;

import java.time.LocalDate;

/**
 * Tells a tenant that its use of a daily budget reached a {@link BudgetLevel} today. Any node may
 * call it, and more than once for the same day and level: it must tell the tenant once.
 */
public interface BudgetAlerts {
  void reached(String tenant, BudgetLevel level, long spent, long budget, LocalDate day);

  /** For a node or a test that tells nobody. */
  static BudgetAlerts none() {
    return (tenant, level, spent, budget, day) -> {};
  }
}
