package io.parley.core.cost;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads prices and budgets as written in a bot configuration's {@code costs} or the node's
 * {@code PARLEY_COSTS_PRICES} / {@code PARLEY_COSTS_BUDGETS}: amounts as decimal numbers of the
 * currency's unit, each problem named by its path.
 */
public final class CostDocument {
  /** The most an engine's or a budget's amount may be: a bound well past any real price. */
  static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000");
  private static final int MAX_ENGINES = 50;

  private CostDocument() {}

  /** The {@code costs} setting of a configuration document; none when unset or wrong (then in {@code problems}). */
  public static Optional<CostSettings> read(JsonNode document, List<String> problems) {
    JsonNode costs = document.get("costs");
    if (costs == null || costs.isNull()) return Optional.empty();
    int before = problems.size();
    if (!object(costs, "costs", Set.of("prices", "budgets"), problems)) return Optional.empty();
    Optional<PriceTable> prices = present(costs, "prices") ? prices(costs.get("prices"), "costs.prices", problems)
        : Optional.empty();
    Optional<SpendBudgets> budgets = present(costs, "budgets")
        ? budgets(costs.get("budgets"), "costs.budgets", problems) : Optional.empty();
    return problems.size() == before ? Optional.of(new CostSettings(prices, budgets)) : Optional.empty();
  }

  /** A price table: {@code currency}, {@code speechToText}, {@code textToSpeech}, {@code model}, {@code trunk}. */
  public static Optional<PriceTable> prices(JsonNode node, String path, List<String> problems) {
    int before = problems.size();
    if (!object(node, path, Set.of("currency", "speechToText", "textToSpeech", "model", "trunk"), problems)) {
      return Optional.empty();
    }
    JsonNode currency = node.get("currency");
    if (currency == null || !currency.isTextual() || !currency.asText().matches("[A-Z]{3}")) {
      problems.add(path + ".currency: must be an ISO 4217 code such as \"USD\"");
    }
    Map<String, Double> speechToText = engines(node, "speechToText", path, problems, (value, at) -> amount(value, at, problems));
    Map<String, Double> textToSpeech = engines(node, "textToSpeech", path, problems, (value, at) -> amount(value, at, problems));
    Map<String, PriceTable.TokenPrice> model = engines(node, "model", path, problems, (value, at) ->
        object(value, at, Set.of("input", "output"), problems)
            ? new PriceTable.TokenPrice(amount(value.get("input"), at + ".input", problems),
                amount(value.get("output"), at + ".output", problems)) : null);
    Optional<PriceTable.TrunkPrice> trunk = Optional.empty();
    if (present(node, "trunk") && object(node.get("trunk"), path + ".trunk", Set.of("inbound", "outbound"), problems)) {
      trunk = Optional.of(new PriceTable.TrunkPrice(amount(node.get("trunk").get("inbound"), path + ".trunk.inbound", problems),
          amount(node.get("trunk").get("outbound"), path + ".trunk.outbound", problems)));
    }
    if (problems.size() > before) return Optional.empty();
    return Optional.of(new PriceTable(currency.asText(), speechToText, textToSpeech, model, trunk));
  }

  /** Budgets: {@code daily}, {@code weekly}, {@code monthly}, each more than 0. */
  public static Optional<SpendBudgets> budgets(JsonNode node, String path, List<String> problems) {
    int before = problems.size();
    if (!object(node, path, Set.of("daily", "weekly", "monthly"), problems)) return Optional.empty();
    Optional<Double> daily = budget(node, "daily", path, problems);
    Optional<Double> weekly = budget(node, "weekly", path, problems);
    Optional<Double> monthly = budget(node, "monthly", path, problems);
    return problems.size() > before ? Optional.empty() : Optional.of(new SpendBudgets(daily, weekly, monthly));
  }

  private interface EngineValue<V> {
    V read(JsonNode value, String at);
  }

  private static <V> Map<String, V> engines(JsonNode node, String field, String path, List<String> problems,
      EngineValue<V> reader) {
    Map<String, V> read = new LinkedHashMap<>();
    JsonNode engines = node.get(field);
    if (engines == null || engines.isNull()) return read;
    String at = path + "." + field;
    if (!engines.isObject() || engines.size() > MAX_ENGINES) {
      problems.add(at + ": must be an object of at most " + MAX_ENGINES + " engine names to prices");
      return read;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = engines.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> engine = it.next();
      V value = reader.read(engine.getValue(), at + "." + engine.getKey());
      if (value != null) read.put(engine.getKey(), value);
    }
    return read;
  }

  private static Optional<Double> budget(JsonNode node, String field, String path, List<String> problems) {
    if (!present(node, field)) return Optional.empty();
    double amount = amount(node.get(field), path + "." + field, problems);
    if (amount == 0 && node.get(field).isNumber()) problems.add(path + "." + field + ": must be more than 0");
    return amount > 0 ? Optional.of(amount) : Optional.empty();
  }

  private static double amount(JsonNode value, String at, List<String> problems) {
    if (value != null && value.isNumber() && value.decimalValue().signum() >= 0
        && value.decimalValue().compareTo(MAX_AMOUNT) <= 0) {
      return value.doubleValue();
    }
    problems.add(at + ": must be an amount from 0 to " + MAX_AMOUNT.toPlainString());
    return 0;
  }

  private static boolean present(JsonNode node, String field) {
    return node.get(field) != null && !node.get(field).isNull();
  }

  private static boolean object(JsonNode node, String path, Set<String> fields, List<String> problems) {
    if (node == null || !node.isObject()) {
      problems.add(path + ": must be an object");
      return false;
    }
    List<String> unknown = names(node).stream().filter(name -> !fields.contains(name)).toList();
    unknown.forEach(name -> problems.add(path + "." + name + ": is not a setting"));
    return unknown.isEmpty();
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
