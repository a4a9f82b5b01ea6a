package io.parley.core.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.limits.BudgetLevel;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetStandingTest {
  private static final SpendBudgets BUDGETS = new SpendBudgets(Optional.of(10.0), Optional.of(50.0),
      Optional.empty());

  @Test
  void periodsRollOverAtUtcMidnightMondayAndTheFirst() {
    Instant sunday = Instant.parse("2026-11-29T23:59:59Z");
    assertEquals(Instant.parse("2026-11-29T00:00:00Z"), BudgetPeriod.DAY.start(sunday));
    assertEquals(Instant.parse("2026-11-30T00:00:00Z"), BudgetPeriod.DAY.end(sunday));
    assertEquals(Instant.parse("2026-11-23T00:00:00Z"), BudgetPeriod.WEEK.start(sunday));
    assertEquals(Instant.parse("2026-11-30T00:00:00Z"), BudgetPeriod.WEEK.end(sunday));
    assertEquals(Instant.parse("2026-11-01T00:00:00Z"), BudgetPeriod.MONTH.start(sunday));
    assertEquals(Instant.parse("2026-12-01T00:00:00Z"), BudgetPeriod.MONTH.end(sunday));
    assertEquals("2026-11-29", BudgetPeriod.DAY.name(sunday));
    assertEquals("2026-W48", BudgetPeriod.WEEK.name(sunday));
    assertEquals("2026-W49", BudgetPeriod.WEEK.name(sunday.plusSeconds(1)));
    assertEquals("2026-11", BudgetPeriod.MONTH.name(sunday));
    // The ISO week of a new year's first days can be the old year's.
    assertEquals("2026-W53", BudgetPeriod.WEEK.name(Instant.parse("2027-01-02T10:00:00Z")));
    assertEquals(Instant.parse("2026-12-28T00:00:00Z"), BudgetPeriod.WEEK.start(Instant.parse("2027-01-02T10:00:00Z")));
  }

  @Test
  void eachPeriodReachesItsThresholdsOnItsOwn() {
    Instant at = Instant.parse("2026-11-29T12:00:00Z");
    BudgetStanding under = new BudgetStanding(Map.of(BudgetPeriod.DAY, Money.nanos(new BigDecimal("7.99")),
        BudgetPeriod.WEEK, Money.nanos(new BigDecimal("30"))), BUDGETS, "USD", at);
    assertEquals(List.of(), under.reached());
    assertFalse(under.exhausted());

    BudgetStanding alert = new BudgetStanding(Map.of(BudgetPeriod.DAY, Money.nanos(new BigDecimal("8")),
        BudgetPeriod.WEEK, Money.nanos(new BigDecimal("30")), BudgetPeriod.MONTH, Money.nanos(new BigDecimal("900"))),
        BUDGETS, "USD", at);
    assertEquals(List.of("day-2026-11-29-80"), alert.reached().stream().map(BudgetStanding.Reached::key).toList(),
        "a month without a budget reaches nothing");
    assertEquals(BudgetLevel.ALERT, alert.level(BudgetPeriod.DAY));
    assertFalse(alert.exhausted());

    BudgetStanding spent = new BudgetStanding(Map.of(BudgetPeriod.DAY, Money.nanos(new BigDecimal("12")),
        BudgetPeriod.WEEK, Money.nanos(new BigDecimal("40"))), BUDGETS, "USD", at);
    assertEquals(List.of("day-2026-11-29-80", "day-2026-11-29-100", "week-2026-W48-80"),
        spent.reached().stream().map(BudgetStanding.Reached::key).toList());
    assertTrue(spent.exhausted());
  }

  @Test
  void withoutBudgetsNothingBinds() {
    BudgetStanding standing = new BudgetStanding(Map.of(BudgetPeriod.DAY, Long.MAX_VALUE / 200), SpendBudgets.none(),
        "USD", Instant.EPOCH);
    assertFalse(standing.exhausted());
    assertEquals(List.of(), standing.reached());
  }
}
