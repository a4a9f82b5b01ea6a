package io.parley.sessions.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.cost.BudgetPeriod;
import io.parley.core.cost.BudgetStanding;
import io.parley.core.cost.PriceTable;
import io.parley.core.cost.Spend;
import io.parley.core.cost.SpendBudgets;
import io.parley.core.testing.MetricSamples;
import io.parley.core.testing.SteppedClock;
import io.parley.persistence.Dialect;
import io.parley.persistence.costs.JdbcCosts;
import io.parley.persistence.testing.DialectDatabases;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The node's spend on a real database: each use priced and kept once, the budget's levels told once
 * a period, the budget spent until the day rolls over, and the cost counted per tenant.
 */
class TenantCostsTest {
  /** Six dollars a minute outbound: a tenth of a dollar a second; a daily budget of one dollar. */
  private static final NodeCosts NODE = new NodeCosts(new PriceTable("USD", Map.of(), Map.of(), Map.of(),
      Optional.of(new PriceTable.TrunkPrice(0.6, 6))), new SpendBudgets(Optional.of(1.0), Optional.empty(),
      Optional.empty()), Duration.ofSeconds(2), "notice", Duration.ZERO);

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @Test
  void levelsAreToldOnceADayAndTheBudgetBindsUntilTheDayRollsOver() {
    SteppedClock clock = new SteppedClock(Instant.parse("2026-11-29T22:00:00Z"));
    List<String> alerts = new CopyOnWriteArrayList<>();
    PrometheusRegistry registry = new PrometheusRegistry();
    TenantCosts costs = new TenantCosts(new JdbcCosts(databases.open(Dialect.H2).dataSource()),
        tenant -> CompletableFuture.completedFuture(Optional.empty()), NODE, Runnable::run, clock,
        (tenant, reached, currency) -> {
          alerts.add(tenant + " " + reached.key() + " " + currency);
          return CompletableFuture.completedFuture(null);
        }, new CostMetrics(registry));

    costs.spent("acme", "s1", "trunk/c1", new Spend.Connected(Spend.Direction.OUTBOUND, 8));
    assertEquals(List.of("acme day-2026-11-29-80 USD"), alerts);
    assertFalse(costs.exhausted("acme"));
    costs.spent("acme", "s1", "trunk/c1", new Spend.Connected(Spend.Direction.OUTBOUND, 8));
    costs.spent("acme", "s2", "trunk/c2", new Spend.Connected(Spend.Direction.OUTBOUND, 4));
    assertEquals(List.of("acme day-2026-11-29-80 USD", "acme day-2026-11-29-100 USD"), alerts,
        "the repeated use counted once, the second call past the budget");
    assertTrue(costs.exhaustedNow("acme").toCompletableFuture().join());
    assertTrue(costs.exhausted("acme"));
    assertFalse(costs.exhaustedNow("globex").toCompletableFuture().join(), "another tenant's spend is its own");
    BudgetStanding standing = costs.standing("acme").toCompletableFuture().join();
    assertEquals(1_200_000_000L, standing.spent(BudgetPeriod.DAY));
    costs.standing("acme").toCompletableFuture().join();
    assertEquals(2, alerts.size(), "asked again, nothing new is told");

    clock.advance(Duration.ofHours(2));
    assertFalse(costs.exhaustedNow("acme").toCompletableFuture().join(), "a new day starts with nothing spent");
    costs.spent("acme", "s3", "trunk/c3", new Spend.Connected(Spend.Direction.OUTBOUND, 9));
    assertEquals("acme day-2026-11-30-80 USD", alerts.get(alerts.size() - 1));
    assertEquals(2.1, MetricSamples.value(registry, "parley_tenant_cost_total", new String[] {"tenant", "currency", "kind"},
        new String[] {"acme", "USD", "trunk"}), 1e-9);
  }
}
