package io.parley.core.cost;

import io.parley.core.limits.BudgetLevel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a tenant spent in each period that holds {@code at}, against its budgets, in nanos of
 * {@code currency}: the level each period reached and whether any budget is spent.
 */
public record BudgetStanding(Map<BudgetPeriod, Long> spent, SpendBudgets budgets, String currency, Instant at) {
  /** A budget level a period reached, named as its alert is: once per period and level. */
  public record Reached(BudgetPeriod period, String periodName, BudgetLevel level, long spent, long budget) {
    /** The alert's key: {@code <period>-<name>-<percent>}, e.g. {@code week-2026-W48-80}. */
    public String key() {
      return period.wireName() + "-" + periodName + "-" + level.percent();
    }
  }

  public BudgetStanding {
    spent = spent.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(spent));
  }

  /** Nothing spent, no budget. */
  public static BudgetStanding none(String currency, Instant at) {
    return new BudgetStanding(Map.of(), SpendBudgets.none(), currency, at);
  }

  public long spent(BudgetPeriod period) {
    return spent.getOrDefault(period, 0L);
  }

  public BudgetLevel level(BudgetPeriod period) {
    return BudgetLevel.of(spent(period), budgets.nanos(period));
  }

  /** Whether a period's budget is spent: premium engines off, campaigns paused, new calls refused. */
  public boolean exhausted() {
    for (BudgetPeriod period : BudgetPeriod.values()) {
      if (level(period) == BudgetLevel.SPENT) return true;
    }
    return false;
  }

  /** Every level at or past 80 % each period reached (both, past 100 %): what the tenant is told of, once each. */
  public List<Reached> reached() {
    List<Reached> reached = new ArrayList<>();
    for (BudgetPeriod period : BudgetPeriod.values()) {
      for (BudgetLevel level : level(period).reachedSince(BudgetLevel.UNDER)) {
        reached.add(new Reached(period, period.name(at), level, spent(period), budgets.nanos(period)));
      }
    }
    return reached;
  }
}
