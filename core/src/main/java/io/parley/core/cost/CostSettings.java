package io.parley.core.cost;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Optional;

/**
 * A tenant's own prices and budgets ({@code costs} in the bot configuration, docs/bot-config.md#costs):
 * its {@code prices} over the node's ({@link PriceTable#over}), and its {@code budgets}, in the
 * currency of the prices it ends up with. Unset: the node's prices, and the node's budgets.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record CostSettings(Optional<PriceTable> prices, Optional<SpendBudgets> budgets) {
  public CostSettings {
    prices = prices == null ? Optional.empty() : prices;
    budgets = budgets == null ? Optional.empty() : budgets;
  }

  public static CostSettings none() {
    return new CostSettings(Optional.empty(), Optional.empty());
  }

  /** The prices a tenant with these settings pays on a node whose table is {@code node}. */
  public PriceTable pricesOver(PriceTable node) {
    return prices.map(own -> own.over(node)).orElse(node);
  }

  /** The budgets of a tenant with these settings on a node whose default budgets are {@code node}. */
  public SpendBudgets budgetsOr(SpendBudgets node) {
    return budgets.orElse(node);
  }
}
