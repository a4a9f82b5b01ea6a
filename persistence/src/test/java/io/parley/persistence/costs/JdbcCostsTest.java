package io.parley.persistence.costs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.Dialect;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cost ledger: a use recorded once however often it is told, summed per conversation, per
 * period since its start, per page of conversations and per kind over a range; one tenant never
 * sees another's, nor a currency it no longer prices in; on H2 and PostgreSQL.
 */
class JdbcCostsTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");
  private static final Instant SUNDAY = Instant.parse("2026-11-29T00:00:00Z");

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void aUseCountsOnceAndSumsByConversationPeriodAndKind(Dialect dialect) {
    JdbcCosts costs = new JdbcCosts(databases.open(dialect).dataSource());
    assertTrue(costs.record(entry("acme", "model/s1/t1", "s1", "model", 1_000, MONDAY.plusSeconds(60))));
    assertFalse(costs.record(entry("acme", "model/s1/t1", "s1", "model", 1_000, MONDAY.plusSeconds(61))),
        "a retry of the same use");
    costs.record(entry("acme", "trunk/c1", "s1", "trunk", 5_000, SUNDAY.plusSeconds(30)));
    costs.record(entry("acme", "model/s2/t1", "s2", "model", 700, SUNDAY.plusSeconds(90)));
    costs.record(entry("globex", "trunk/c9", "g1", "trunk", 9_999, SUNDAY.plusSeconds(30)));
    costs.record(new CostEntry("acme", "model/s3/t1", "s3", "model", "default", 10, 333, "EUR", SUNDAY.plusSeconds(40)));

    assertEquals(List.of(new CostLine("model", "USD", 10, 1_000), new CostLine("trunk", "USD", 10, 5_000)),
        costs.conversation("acme", "s1"));
    assertEquals(List.of(), costs.conversation("globex", "s1"), "another tenant's conversation is none of globex's");
    assertArrayEquals(new long[] {5_700, 6_700}, costs.spentSince("acme", "USD", List.of(SUNDAY, MONDAY)),
        "today's, and the week's since Monday, in the tenant's currency only");
    Map<String, CostLine> page = costs.conversations("acme", List.of("s1", "s2", "g1"));
    assertEquals(6_000, page.get("s1").amount());
    assertEquals(700, page.get("s2").amount());
    assertFalse(page.containsKey("g1"));
    assertEquals(List.of(new CostLine("model", "EUR", 10, 333), new CostLine("model", "USD", 10, 700),
        new CostLine("trunk", "USD", 10, 5_000)), costs.between("acme", SUNDAY, SUNDAY.plusSeconds(3_600)));
  }

  @OnEachDialect
  void entriesWrittenTogetherCountOnceEach(Dialect dialect) {
    JdbcCosts costs = new JdbcCosts(databases.open(dialect).dataSource());
    costs.record(entry("acme", "model/s1/t1", "s1", "model", 1_000, SUNDAY));
    assertArrayEquals(new boolean[] {false, true, false, true}, costs.record(List.of(
        entry("acme", "model/s1/t1", "s1", "model", 1_000, SUNDAY), entry("acme", "model/s1/t2", "s1", "model", 200, SUNDAY),
        entry("acme", "model/s1/t2", "s1", "model", 200, SUNDAY), entry("globex", "model/s1/t1", "g1", "model", 50, SUNDAY))),
        "a key recorded before, or earlier in the same list, adds nothing; another tenant's same key is its own");
    assertEquals(List.of(new CostLine("model", "USD", 20, 1_200)), costs.conversation("acme", "s1"));
  }

  private static CostEntry entry(String tenant, String key, String sessionId, String kind, long amount, Instant at) {
    return new CostEntry(tenant, key, sessionId, kind, "default", 10, amount, "USD", at);
  }
}
