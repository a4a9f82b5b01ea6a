package io.parley.voice;

import io.parley.core.WireName;
import io.parley.core.bot.VoicePreferences;
import io.parley.core.limits.BudgetLevel;

/**
 * Whether a session's next sentence is spoken by the premium engine or the local one, and why:
 * decided from the tenant's {@link VoicePreferences}, the session's lead score and the premium
 * characters the tenant has spent today against its daily budget. The premium engine failing is
 * not decided here: a failed premium sentence is spoken locally whatever this says.
 */
record TierDecision(boolean premium, Reason reason) {
  public enum Reason implements WireName {
    /** The tenant speaks premium (or set nothing: the node's tier). */
    TENANT_PREMIUM,
    /** The tenant speaks locally only. */
    TENANT_LOCAL,
    /** The session's lead score reached the tenant's premium score. */
    LEAD_SCORE,
    /** The session's lead score is below the tenant's premium score. */
    LOW_SCORE,
    /** Past the alert share of the budget: premium is kept for tenants that asked for it outright. */
    BUDGET_ALERT,
    /** The day's budget is spent: local until the day ends. */
    BUDGET_SPENT
  }

  /**
   * @param spentToday premium characters the tenant spent today
   * @param dailyBudget the tenant's premium characters a day (0: no budget)
   */
  static TierDecision decide(VoicePreferences preferences, int leadScore, long spentToday, long dailyBudget) {
    BudgetLevel level = BudgetLevel.of(spentToday, dailyBudget);
    return switch (preferences.tierPolicy()) {
      case LOCAL -> new TierDecision(false, Reason.TENANT_LOCAL);
      case PREMIUM -> level == BudgetLevel.SPENT
          ? new TierDecision(false, Reason.BUDGET_SPENT) : new TierDecision(true, Reason.TENANT_PREMIUM);
      case LEAD_SCORE -> {
        if (level == BudgetLevel.SPENT) yield new TierDecision(false, Reason.BUDGET_SPENT);
        if (leadScore < preferences.premiumScore()) yield new TierDecision(false, Reason.LOW_SCORE);
        yield level == BudgetLevel.ALERT
            ? new TierDecision(false, Reason.BUDGET_ALERT) : new TierDecision(true, Reason.LEAD_SCORE);
      }
    };
  }
}
