package io.parley.core.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CostDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsPricesAndBudgets() throws Exception {
    List<String> problems = new ArrayList<>();
    Optional<CostSettings> costs = CostDocument.read(JSON.readTree("""
        {"costs": {"prices": {"currency": "EUR", "speechToText": {"openai": 0.006},
          "textToSpeech": {"default": 0.0002}, "model": {"openai": {"input": 0.00000015, "output": 0.0000006}},
          "trunk": {"inbound": 0.01, "outbound": 0.02}},
          "budgets": {"daily": 5, "monthly": 100.5}}}"""), problems);
    assertEquals(List.of(), problems);
    PriceTable prices = costs.orElseThrow().prices().orElseThrow();
    assertEquals("EUR", prices.currency());
    assertEquals(1_200_000_000L, prices.cost(new Spend.Connected(Spend.Direction.OUTBOUND, 3_600)));
    SpendBudgets budgets = costs.get().budgets().orElseThrow();
    assertEquals(5_000_000_000L, budgets.nanos(BudgetPeriod.DAY));
    assertEquals(0, budgets.nanos(BudgetPeriod.WEEK));
    assertEquals(Optional.of(100.5), budgets.monthly());
  }

  @Test
  void namesEveryWrongSetting() throws Exception {
    List<String> problems = new ArrayList<>();
    Optional<CostSettings> costs = CostDocument.read(JSON.readTree("""
        {"costs": {"prices": {"currency": "euro", "speechToText": {"openai": -1}, "model": {"x": {"input": 1}},
          "trunk": {"inbound": "free", "outbound": 0}}, "budgets": {"daily": 0, "yearly": 3}}}"""), problems);
    assertTrue(costs.isEmpty());
    assertEquals(List.of("costs.prices.currency: must be an ISO 4217 code such as \"USD\"",
        "costs.prices.speechToText.openai: must be an amount from 0 to 1000000000",
        "costs.prices.model.x.output: must be an amount from 0 to 1000000000",
        "costs.prices.trunk.inbound: must be an amount from 0 to 1000000000",
        "costs.budgets.yearly: is not a setting"), problems);
  }
}
