package io.parley.core.campaign;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Why a campaign is paused: {@code admin} (an admin paused it, and only an admin resumes it) or
 * {@code budget} (its tenant's budget in money is spent: a node's dialler resumes it once the budget
 * allows again, a new period or a raised budget; docs/operations.md#budgets).
 */
public enum PauseReason {
  ADMIN, BUDGET;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<PauseReason> ofWireName(String name) {
    return Arrays.stream(values()).filter(reason -> reason.wireName().equals(name)).findFirst();
  }
}
