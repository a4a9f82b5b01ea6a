package io.parley.persistence.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.Transactions;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scoring's daily token cap on both databases, taken before each call of the judge: nodes that
 * take at the same moment each see the others' takes, so together they never pass the cap by more
 * than one call's worth; what a call did not use is given back.
 */
class ScoringTokensTest {
  private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);
  private static final int TAKERS = 8;

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void takesAtOnceStopAtTheCapAndWhatACallDidNotUseIsGivenBack(Dialect dialect) throws Exception {
    Database database = databases.open(dialect);
    ConversationScores scores = new ConversationScores(database.dataSource());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Integer>> takers = new ArrayList<>();
    try (ExecutorService nodes = Executors.newFixedThreadPool(TAKERS)) {
      for (int n = 0; n < TAKERS; n++) {
        takers.add(nodes.submit(() -> {
          start.await();
          int taken = 0;
          for (int call = 0; call < 5; call++) if (scores.takeTokens("acme", MONDAY, 100, 1_000)) taken++;
          return taken;
        }));
      }
      start.countDown();
      int taken = 0;
      for (Future<Integer> taker : takers) taken += taker.get();
      assertEquals(10, taken, "of 40 takes of 100 against a cap of 1,000, each allowed while less than the cap was spent");
    }
    assertEquals(1_000, spent(database, "acme"));

    scores.addTokens("acme", MONDAY, -250);
    assertTrue(scores.takeTokens("acme", MONDAY, 400, 1_000), "a call that used less gave back the rest");
    assertFalse(scores.takeTokens("acme", MONDAY, 1, 1_000), "1,150 spent: nothing more today");
    assertTrue(scores.takeTokens("acme", MONDAY.plusDays(1), 400, 1_000), "a new UTC day");
    assertTrue(scores.takeTokens("globex", MONDAY, 400, 1_000), "another tenant's own cap");
    assertFalse(scores.takeTokens("initech", MONDAY, 1, 0), "a cap of 0 scores nothing");
    assertEquals(0, spent(database, "initech"));
  }

  @OnEachDialect
  void nodesTakingTheDaysFirstTokensAtOnceAllGetThem(Dialect dialect) throws Exception {
    ConversationScores scores = new ConversationScores(databases.open(dialect).dataSource());
    try (ExecutorService nodes = Executors.newFixedThreadPool(TAKERS)) {
      for (int day = 0; day < 30; day++) {
        LocalDate fresh = MONDAY.plusDays(day);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> takes = new ArrayList<>();
        for (int n = 0; n < TAKERS; n++) {
          takes.add(nodes.submit(() -> {
            start.await();
            return scores.takeTokens("acme", fresh, 100, 1_000_000);
          }));
        }
        start.countDown();
        for (Future<Boolean> take : takes) {
          assertTrue(take.get(), "a row another node inserted meanwhile is no cap reached, on " + fresh);
        }
      }
    }
  }

  private static long spent(Database database, String tenant) {
    return Transactions.read(database.dataSource(), "read the scoring's tokens", connection ->
        Transactions.first(connection, "SELECT tokens FROM quality_token_use WHERE tenant = ? AND used_on = ?",
            rows -> rows.getLong(1), tenant, Date.valueOf(MONDAY)).orElse(0L));
  }
}
