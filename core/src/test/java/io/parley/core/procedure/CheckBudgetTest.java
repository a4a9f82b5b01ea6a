package io.parley.core.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.typesafe.config.ConfigFactory;
import io.parley.core.compute.LogicBudget;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A check's budget: the check that nests three macros over nine elements around the customer's
 * answer joined to itself 128 times (under 1,000 characters and 1,000 iterations, so compiled by
 * the bounds alone) would build 1.4 GB from a 15 KB answer; under the budget it stops at once as
 * could not be evaluated, having built a few megabytes, and is refused when saved. Ordinary checks
 * hold or not as before.
 */
class CheckBudgetTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  /** The answer joined to itself 128 ways, as a balanced sum: 509 characters. */
  static final String DOUBLED = doubled("a", 7);
  static final String NINE = "[0,1,2,3,4,5,6,7,8]";
  /** The check of the attack: 600 characters. */
  static final String ATTACK = NINE + ".map(i," + NINE + ".map(j," + NINE + ".map(k," + DOUBLED + "))).size()==9";

  static String doubled(String value, int times) {
    return times == 0 ? value : "(" + doubled(value, times - 1) + "+" + doubled(value, times - 1) + ")";
  }

  private static Map<String, JsonNode> answer(int characters) {
    return Map.of("a", JsonNodeFactory.instance.textNode("x".repeat(characters)));
  }

  @Test
  void theAttackStopsAtOnceAsCouldNotBeEvaluatedHavingBuiltLittle() {
    assertEquals(600, ATTACK.length(), "under the 1,000 characters a check may have");
    var memory = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long allocatedBefore = memory.getCurrentThreadAllocatedBytes();
    long started = System.nanoTime();
    var outcome = ProcedureCheck.evaluate(ATTACK, answer(15_000), NOW, LogicBudget.DEFAULT);
    long tookMs = (System.nanoTime() - started) / 1_000_000;
    long allocated = memory.getCurrentThreadAllocatedBytes() - allocatedBefore;
    assertFalse(outcome.passed());
    assertTrue(outcome.error().orElseThrow().startsWith("could not be evaluated within its budget: it built"), outcome::toString);
    assertTrue(tookMs < 5_000, tookMs + " ms");
    assertTrue(allocated < 200_000_000L, allocated + " bytes allocated, where unbounded it would be 1.4 GB and more");
  }

  @Test
  void aCheckPastItsTimeCouldNotBeEvaluated() {
    var budget = new LogicBudget(Duration.ofNanos(1), 1_000_000, 8_000_000, 1);
    var outcome = ProcedureCheck.evaluate(NINE + ".all(i, " + NINE + ".all(j, i + j >= 0))", answer(1), NOW, budget);
    assertEquals(Optional.of("could not be evaluated within its budget: it ran longer than its 0 ms"), outcome.error());
  }

  @Test
  void aValueTooLargeStopsTheCheckThoughItsTotalIsWithinBudget() {
    var budget = new LogicBudget(Duration.ofSeconds(5), 1_000, 8_000_000, 1);
    var outcome = ProcedureCheck.evaluate("size(a + a) > 0", answer(600), NOW, budget);
    assertTrue(outcome.error().orElseThrow().contains("a value of more than 1000 characters"), outcome::toString);
    assertTrue(ProcedureCheck.evaluate("size(a + a) > 0", answer(400), NOW, budget).passed());
  }

  @Test
  void ordinaryChecksHoldOrNotAsBefore() {
    var values = Map.<String, JsonNode>of("a", JsonNodeFactory.instance.textNode("ok"),
        "status", JsonNodeFactory.instance.objectNode().put("delivered", true).put("total", 30.5)
            .set("lines", JsonNodeFactory.instance.arrayNode().add("X-1").add("Y-2")));
    assertTrue(ProcedureCheck.evaluate("status.delivered && status.total <= 100.0", values, NOW, LogicBudget.DEFAULT).passed());
    assertFalse(ProcedureCheck.evaluate("status.total > 100.0", values, NOW, LogicBudget.DEFAULT).passed());
    assertTrue(ProcedureCheck.evaluate("status.lines.map(l, l + '-' + a).exists(l, l == 'Y-2-ok')", values, NOW,
        LogicBudget.DEFAULT).passed());
    assertEquals(Optional.empty(), ProcedureCheck.evaluate("status.total > 100.0", values, NOW, LogicBudget.DEFAULT).error());
  }

  @Test
  void theAttackIsRefusedWhenSavedSayingWhy() {
    String problem = ProcedureCheck.problem(ATTACK, Set.of("a")).orElseThrow();
    assertTrue(problem.startsWith("costs too much to run: may build about "), problem);
    assertTrue(problem.contains("times as much as its largest variable (at most 1000)"), problem);
  }

  @Test
  void ordinaryChecksAndModestJoinsAreNotRefused() {
    Set<String> names = Set.of("a", "status");
    for (String check : new String[] {"status.delivered && double(status.total) <= 500.0",
        "status.lines.exists(l, l.sku == 'X-1')", "status.lines.map(l, l.sku + '-' + l.color).exists(s, s == a)",
        "status.lines.filter(l, l.qty > 1).size() > 0", "status.lines.all(l, status.lines.exists(m, m.sku == l.sku))",
        NINE + ".map(i, a + a + a).size() == 9"}) {
      assertEquals(Optional.empty(), ProcedureCheck.problem(check, names), check);
    }
  }

  @Test
  void theBudgetIsReadFromItsSettingsAndABadOneSaysTheExpectedForm() {
    var config = ConfigFactory.parseString(
        "parley.tenant-logic { time-limit = 2s, max-value-size = 10, max-built = 20, threads = 3 }");
    assertEquals(new LogicBudget(Duration.ofSeconds(2), 10, 20, 3), LogicBudget.create(config));
    var bad = ConfigFactory.parseString(
        "parley.tenant-logic { time-limit = soon, max-value-size = 10, max-built = 20, threads = 3 }");
    RuntimeException refused = assertThrows(RuntimeException.class,
        () -> LogicBudget.create(bad));
    assertTrue(refused.getMessage().contains("PARLEY_TENANT_LOGIC_TIME_LIMIT"), refused.getMessage());
  }

  /** A check the bound at saving lets through, over a long answer, is stopped by the budget at run time. */
  static final String JOINS = "[" + "0,".repeat(39) + "0].map(i, a + a + a + a + a + a).size() == 40";

  @Test
  void aCheckWithinItsStaticCostCanStillExceedTheBudgetOnALongAnswer() {
    assertEquals(Optional.empty(), ProcedureCheck.problem(JOINS, Set.of("a")));
    assertTrue(ProcedureCheck.evaluate(JOINS, answer(20), NOW, LogicBudget.DEFAULT).passed());
    var outcome = ProcedureCheck.evaluate(JOINS, answer(16_000), NOW, LogicBudget.DEFAULT);
    assertTrue(outcome.error().orElseThrow().startsWith("could not be evaluated within its budget: it built more than"),
        outcome::toString);
  }
}
