package io.parley.core.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/**
 * What a tenant may spend a UTC day, ISO week and calendar month, in its price table's currency;
 * an unset one does not bind. Reaching one (docs/operations.md#budgets) turns the premium engines
 * off, pauses the tenant's campaigns and refuses its new calls with a spoken notice until the period ends.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record SpendBudgets(Optional<Double> daily, Optional<Double> weekly, Optional<Double> monthly) {
  public SpendBudgets {
    daily = positive(daily, "daily");
    weekly = positive(weekly, "weekly");
    monthly = positive(monthly, "monthly");
  }

  public static SpendBudgets none() {
    return new SpendBudgets(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The budget of {@code period} in nanos; 0: none. */
  public long nanos(BudgetPeriod period) {
    Optional<Double> budget = switch (period) {
      case DAY -> daily;
      case WEEK -> weekly;
      case MONTH -> monthly;
    };
    return budget.map(Money::nanos).orElse(0L);
  }

  /** Whether any period has a budget. */
  public boolean any() {
    return daily.isPresent() || weekly.isPresent() || monthly.isPresent();
  }

  private static Optional<Double> positive(Optional<Double> budget, String what) {
    if (budget == null) return Optional.empty();
    budget.ifPresent(amount -> {
      if (!(amount > 0) || amount.isInfinite()) throw new IllegalArgumentException(what + " budget must be more than 0");
    });
    return budget;
  }
}
