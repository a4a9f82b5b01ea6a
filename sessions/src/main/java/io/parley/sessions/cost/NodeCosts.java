package io.parley.sessions.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import io.parley.core.cost.CostDocument;
import io.parley.core.cost.PriceTable;
import io.parley.core.cost.SpendBudgets;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The node's prices and default budgets ({@code parley.costs}, docs/operations.md#what-calls-cost):
 * {@code PARLEY_COSTS_PRICES} (a price table as JSON, the same form as a tenant's
 * {@code costs.prices}), {@code PARLEY_COSTS_BUDGETS} (the budgets of tenants that set none),
 * {@code PARLEY_COSTS_FRESH_FOR} (how old a tenant's standing may be before a node asks again),
 * {@code PARLEY_COSTS_REFUSAL_NOTICE} (what a call refused for a spent budget hears) and
 * {@code PARLEY_COSTS_GATHER} (how long a use waits for others to be written with it).
 */
public record NodeCosts(PriceTable prices, SpendBudgets budgets, Duration freshFor, String refusalNotice,
    Duration gather) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static NodeCosts from(Config config) {
    SettingsReader reader = new SettingsReader(config);
    PriceTable prices = reader.optionalJson("parley.costs.prices", "PARLEY_COSTS_PRICES",
        "a price table: {\"currency\": \"USD\", \"speechToText\": {...}, \"textToSpeech\": {...}, \"model\": {...},"
            + " \"trunk\": {...}} (docs/operations.md#what-calls-cost)",
        read((node, problems) -> CostDocument.prices(node, "prices", problems))).orElse(PriceTable.free("USD"));
    SpendBudgets budgets = reader.optionalJson("parley.costs.budgets", "PARLEY_COSTS_BUDGETS",
        "budgets: {\"daily\": amount, \"weekly\": amount, \"monthly\": amount}",
        read((node, problems) -> CostDocument.budgets(node, "budgets", problems))).orElse(SpendBudgets.none());
    return new NodeCosts(prices, budgets, reader.duration("parley.costs.fresh-for", "PARLEY_COSTS_FRESH_FOR"),
        reader.string("parley.costs.refusal-notice", "PARLEY_COSTS_REFUSAL_NOTICE"),
        reader.duration("parley.costs.gather", "PARLEY_COSTS_GATHER"));
  }

  /** Free prices, no budgets: a node or test that counts nothing. */
  public static NodeCosts free() {
    return new NodeCosts(PriceTable.free("USD"), SpendBudgets.none(), Duration.ofSeconds(2),
        "We cannot take your call right now. Please try again later.", Duration.ZERO);
  }

  private interface Reader<T> {
    Optional<T> read(JsonNode node, List<String> problems);
  }

  private static <T> Function<String, T> read(Reader<T> reader) {
    return json -> {
      List<String> problems = new ArrayList<>();
      try {
        Optional<T> read = reader.read(JSON.readTree(json), problems);
        if (read.isPresent()) return read.get();
      } catch (IOException e) {
        problems.add(e.getMessage());
      }
      throw new IllegalArgumentException(String.join("; ", problems));
    };
  }
}
