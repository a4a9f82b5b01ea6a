package io.parley.core.voice;

import java.util.Locale;

/**
 * How much of its daily premium voice budget a tenant has spent: under {@link #ALERT_PERCENT} %,
 * past it (the tenant is told, and lead-score sessions speak locally), or all of it (every session
 * speaks locally until the day ends).
 */
public enum VoiceBudgetLevel {
  UNDER, ALERT, SPENT;

  public static final int ALERT_PERCENT = 80;

  /** The level of {@code spent} characters of a budget of {@code budget} (0: no budget, always {@link #UNDER}). */
  public static VoiceBudgetLevel of(long spent, long budget) {
    if (budget <= 0) return UNDER;
    if (spent >= budget) return SPENT;
    return spent * 100 >= budget * ALERT_PERCENT ? ALERT : UNDER;
  }

  /** The share of the budget this level starts at. */
  public int percent() {
    return switch (this) {
      case UNDER -> 0;
      case ALERT -> ALERT_PERCENT;
      case SPENT -> 100;
    };
  }

  /** {@code alert} or {@code spent}, as metrics and webhooks name it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
