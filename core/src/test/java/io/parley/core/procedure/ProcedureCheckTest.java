package io.parley.core.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcedureCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static Map<String, JsonNode> variables(String status) throws Exception {
    return Map.of("inputs", JSON.readTree("{\"order\": \"A-1\"}"), "status", JSON.readTree(status));
  }

  @Test
  void aConditionIsEvaluatedOverTheVariablesAndNow() throws Exception {
    var delivered = variables("{\"delivered\": true, \"total\": 30.5, \"items\": [1, 2], \"deliveredAt\": \"2026-11-20T00:00:00Z\"}");
    assertTrue(ProcedureCheck.evaluate("status.delivered && status.total <= 100", delivered, NOW).passed());
    assertTrue(ProcedureCheck.evaluate("has(status.total) && !has(status.refunded)", delivered, NOW).passed());
    assertTrue(ProcedureCheck.evaluate("status.items.exists(i, i == 2)", delivered, NOW).passed());
    assertTrue(ProcedureCheck.evaluate("size(status.items) == 2 && inputs.order.startsWith('A-')", delivered, NOW).passed());
    assertTrue(ProcedureCheck.evaluate("now - timestamp(status.deliveredAt) < duration('720h')", delivered, NOW).passed());
    assertFalse(ProcedureCheck.evaluate("now - timestamp(status.deliveredAt) < duration('24h')", delivered, NOW).passed());
  }

  @Test
  void aConditionThatCannotBeEvaluatedDoesNotHoldAndSaysWhy() throws Exception {
    var outcome = ProcedureCheck.evaluate("status.delivered", variables("{\"total\": 3}"), NOW);
    assertFalse(outcome.passed());
    assertTrue(outcome.error().orElseThrow().contains("delivered"), outcome::toString);
    var notBoolean = ProcedureCheck.evaluate("status.total", variables("{\"total\": 3}"), NOW);
    assertEquals(Optional.of("the condition gave 3, not true or false"), notBoolean.error());
  }

  @Test
  void onlyConditionsOverKnownVariablesCompile() {
    assertEquals(Optional.empty(), ProcedureCheck.problem("status.delivered", Set.of("status")));
    assertTrue(ProcedureCheck.problem("'a' + 'b'", Set.of()).orElseThrow().startsWith("must be a condition"));
    assertTrue(ProcedureCheck.problem("order.paid", Set.of("status")).orElseThrow().contains("undeclared reference to 'order'"));
  }

  @Test
  void aConditionsWorkIsBounded() throws Exception {
    // Nested macros over a long list would be a billion iterations; the bound stops them.
    var many = variables("{\"items\": " + java.util.stream.IntStream.range(0, 1000).boxed().toList() + "}");
    var outcome = ProcedureCheck.evaluate(
        "status.items.all(a, status.items.all(b, status.items.all(c, a + b + c >= 0)))", many, NOW);
    assertFalse(outcome.passed());
    assertTrue(outcome.error().orElseThrow().contains("Iteration budget exceeded"), outcome::toString);
    assertTrue(ProcedureCheck.problem("true || " + "true || ".repeat(200) + "true", Set.of()).isPresent());
  }
}
