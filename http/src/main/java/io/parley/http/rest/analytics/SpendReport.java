package io.parley.http.rest.analytics;

import io.parley.core.cost.BudgetPeriod;
import io.parley.core.cost.BudgetStanding;
import io.parley.core.cost.Money;
import io.parley.http.rest.QueryParameters;
import io.parley.persistence.costs.CostLine;
import io.parley.persistence.costs.JdbcCosts;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * {@code GET /v1/analytics/spend}: what a tenant's calls and conversations cost (docs/analytics.md#spend):
 * this day, ISO week and month against its budgets (amounts in the currency's units), and its costs by
 * kind over {@code [from, to)} (this month unless given); {@code GET /v1/conversations/{id}/cost}: one
 * conversation's, by kind.
 */
public final class SpendReport {
  /** A period's spend, its budget if it has one, and the level reached: {@code under}, {@code alert} or {@code spent}. */
  record PeriodJson(String period, String name, BigDecimal spent, Optional<BigDecimal> budget, String level) {}

  /** A kind's cost: the quantity used (milliseconds, characters, tokens, seconds) and its amount. */
  record LineJson(String kind, String currency, long quantity, BigDecimal amount) {
    static LineJson of(CostLine line) {
      return new LineJson(line.kind(), line.currency(), line.quantity(), Money.units(line.amount()));
    }
  }

  record SpendJson(String tenant, String currency, boolean budgetSpent, List<PeriodJson> periods, Instant from,
      Instant to, List<LineJson> costs) {}

  /** A conversation's cost: its total in its currency (none before anything was priced) and each kind's. */
  public record ConversationCostJson(String sessionId, Optional<String> currency, BigDecimal total, List<LineJson> costs) {}

  private SpendReport() {}

  public static SpendJson of(JdbcCosts costs, BudgetStanding standing, String tenant, Map<String, String> parameters) {
    Map<String, String> known = new TreeMap<>(parameters);
    Instant from = Optional.ofNullable(known.remove("from")).map(raw -> QueryParameters.instant("from", raw))
        .orElse(BudgetPeriod.MONTH.start(standing.at()));
    Instant to = Optional.ofNullable(known.remove("to")).map(raw -> QueryParameters.instant("to", raw))
        .orElse(BudgetPeriod.MONTH.end(standing.at()));
    if (!known.isEmpty()) {
      throw new IllegalArgumentException("unknown parameter '" + known.keySet().iterator().next() + "': from and to only");
    }
    if (!from.isBefore(to)) throw new IllegalArgumentException("from must be before to");
    List<PeriodJson> periods = Arrays.stream(BudgetPeriod.values()).map(period -> new PeriodJson(period.wireName(),
        period.name(standing.at()), Money.units(standing.spent(period)),
        Optional.of(standing.budgets().nanos(period)).filter(nanos -> nanos > 0).map(Money::units),
        standing.level(period).wireName())).toList();
    return new SpendJson(tenant, standing.currency(), standing.exhausted(), periods, from, to,
        costs.between(tenant, from, to).stream().map(LineJson::of).toList());
  }

  public static ConversationCostJson conversation(JdbcCosts costs, String tenant, String sessionId) {
    List<CostLine> lines = costs.conversation(tenant, sessionId);
    long total = lines.stream().mapToLong(CostLine::amount).sum();
    return new ConversationCostJson(sessionId, lines.stream().map(CostLine::currency).findFirst(), Money.units(total),
        lines.stream().map(LineJson::of).toList());
  }
}
