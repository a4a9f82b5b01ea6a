package io.parley.core.limits;

import io.parley.core.WireName;
import java.util.Arrays;
import java.util.List;

/**
 * How much of a daily budget a tenant has used (its premium voice characters, its model tokens):
 * under {@link #ALERT_PERCENT} %, past it (the tenant is told; lead-score voice sessions speak
 * locally), or all of it (premium speech stops, messages are refused, until the day ends).
 */
public enum BudgetLevel implements WireName {
  UNDER, ALERT, SPENT;

  public static final int ALERT_PERCENT = 80;

  /** The level of {@code spent} of a budget of {@code budget} (0: no budget, always {@link #UNDER}). */
  public static BudgetLevel of(long spent, long budget) {
    if (budget <= 0) return UNDER;
    if (spent >= budget) return SPENT;
    return spent * 100 >= budget * ALERT_PERCENT ? ALERT : UNDER;
  }

  /**
   * The levels past {@code told} up to this one, lowest first: what to tell a tenant told of
   * {@code told} so far (both, when one step of spending went past 80 and 100 %).
   */
  public List<BudgetLevel> reachedSince(BudgetLevel told) {
    return Arrays.stream(values()).filter(level -> level.compareTo(told) > 0 && level.compareTo(this) <= 0).toList();
  }

  /** The share of the budget this level starts at. */
  public int percent() {
    return switch (this) {
      case UNDER -> 0;
      case ALERT -> ALERT_PERCENT;
      case SPENT -> 100;
    };
  }
}
