package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.bot.VoicePreferences;
import io.parley.core.bot.VoicePreferences.TierPolicy;
import io.parley.core.limits.BudgetLevel;
import io.parley.voice.TierDecision.Reason;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierDecisionTest {
  private static final VoicePreferences BY_SCORE =
      new VoicePreferences(Optional.of(TierPolicy.LEAD_SCORE), Optional.empty(), Optional.empty(), Optional.empty());

  @Test
  void aTenantThatSetsNothingSpeaksPremiumUntilItsBudgetIsSpent() {
    assertEquals(new TierDecision(true, Reason.TENANT_PREMIUM), TierDecision.decide(VoicePreferences.none(), 0, 0, 0));
    assertEquals(new TierDecision(true, Reason.TENANT_PREMIUM), TierDecision.decide(VoicePreferences.none(), 0, 999, 1000));
    assertEquals(new TierDecision(false, Reason.BUDGET_SPENT), TierDecision.decide(VoicePreferences.none(), 100, 1000, 1000));
  }

  @Test
  void aLocalTenantNeverPays() {
    VoicePreferences local = new VoicePreferences(Optional.of(TierPolicy.LOCAL), Optional.empty(), Optional.empty(),
        Optional.empty());
    assertEquals(new TierDecision(false, Reason.TENANT_LOCAL), TierDecision.decide(local, 100, 0, 0));
  }

  @Test
  void theLeadScoreEarnsPremiumWhileTheBudgetIsUnderEightyPercent() {
    assertEquals(new TierDecision(false, Reason.LOW_SCORE), TierDecision.decide(BY_SCORE, 69, 0, 1000));
    assertEquals(new TierDecision(true, Reason.LEAD_SCORE), TierDecision.decide(BY_SCORE, 70, 0, 1000));
    assertEquals(new TierDecision(true, Reason.LEAD_SCORE), TierDecision.decide(BY_SCORE, 90, 799, 1000));
    assertEquals(new TierDecision(false, Reason.BUDGET_ALERT), TierDecision.decide(BY_SCORE, 90, 800, 1000));
    assertEquals(new TierDecision(false, Reason.BUDGET_SPENT), TierDecision.decide(BY_SCORE, 90, 1000, 1000));
    assertEquals(new TierDecision(true, Reason.LEAD_SCORE), TierDecision.decide(BY_SCORE, 90, 5_000, 0), "no budget");
  }

  @Test
  void theTenantChoosesTheScoreThatEarnsPremium() {
    VoicePreferences fromForty = new VoicePreferences(Optional.of(TierPolicy.LEAD_SCORE), Optional.of(40),
        Optional.empty(), Optional.empty());
    assertEquals(new TierDecision(true, Reason.LEAD_SCORE), TierDecision.decide(fromForty, 40, 0, 0));
    assertEquals(new TierDecision(false, Reason.LOW_SCORE), TierDecision.decide(fromForty, 39, 0, 0));
  }

  @Test
  void theBudgetLevelsAreEightyAndOneHundredPercent() {
    assertEquals(BudgetLevel.UNDER, BudgetLevel.of(799, 1000));
    assertEquals(BudgetLevel.ALERT, BudgetLevel.of(800, 1000));
    assertEquals(BudgetLevel.SPENT, BudgetLevel.of(1000, 1000));
    assertEquals(BudgetLevel.UNDER, BudgetLevel.of(1_000_000, 0), "no budget: never an alert");
    assertEquals("spent", BudgetLevel.SPENT.wireName());
  }
}
