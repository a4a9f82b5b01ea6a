package io.parley.persistence.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.Migrations;
import io.parley.persistence.Transactions;
import io.parley.persistence.conversations.ConversationTable.Write;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rollups stay the sum of the conversation rows through the projection's writes (new rows,
 * changed ones, one moving to another language's rollup), its deletes and erasures, on H2 and
 * PostgreSQL; the analytics figures read from them, whole hours from the rollups and the edges from
 * rows, equal the figures of the rows for any range; and V17's backfill counts as the projection does.
 */
class ConversationRollupTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final List<String> LANGUAGES = List.of("", "de", "en");

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;

  @OnEachDialect
  void rollupsAreTheSumOfTheRowsAndGiveTheRowsFigures(Dialect dialect) {
    JdbcConversations conversations = open(dialect);
    // Forty conversations 7 minutes apart (about five hours), as one batch writes them.
    List<ConversationRow> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) rows.add(row("acme", i, Optional.empty(), Optional.empty(), Optional.empty()));
    rows.add(row("globex", 0, Optional.empty(), Optional.empty(), Optional.empty()));
    batch(rows.stream().map(row -> new Write(Optional.empty(), row)).toList());
    // A later batch: some close, are rated, get a first response, a language (another rollup row).
    List<Write> changes = new ArrayList<>();
    for (int i = 0; i < 40; i += 3) {
      ConversationRow before = rows.get(i);
      ConversationRow after = row("acme", i, Optional.of(i % 2 == 0 ? ResolvedBy.BOT : ResolvedBy.AGENT),
          Optional.of(90L + 173L * i * i), Optional.of(1 + i % 5));
      changes.add(new Write(Optional.of(before), after));
      rows.set(i, after);
    }
    batch(changes);
    assertEquals(Map.of(), invariant("acme"));

    assertEquals(2, conversations.erase("acme", List.of("s3", "s4", "missing")));
    Transactions.write(database.dataSource(), "delete an erased session's row", connection -> {
      RollupChanges deleted = new RollupChanges();
      ConversationTable.delete(connection, "acme", "s9", deleted);
      deleted.apply(connection);
      return null;
    });
    assertEquals(Map.of(), invariant("acme"));
    assertEquals(Map.of(), invariant("globex"));

    UnaryOperator<Instant> byHour = at -> at.truncatedTo(ChronoUnit.HOURS);
    UnaryOperator<Instant> byDay = at -> at.truncatedTo(ChronoUnit.DAYS);
    for (Instant[] range : List.of(new Instant[] {T0, T0.plus(Duration.ofHours(5))},
        new Instant[] {T0.plus(Duration.ofMinutes(13)), T0.plus(Duration.ofMinutes(4 * 60 + 29))},
        new Instant[] {T0.plus(Duration.ofMinutes(61)), T0.plus(Duration.ofMinutes(119))},
        new Instant[] {T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofMinutes(150))})) {
      for (Optional<String> channel : List.of(Optional.<String>empty(), Optional.of("voice"))) {
        for (UnaryOperator<Instant> bucketOf : List.of(byHour, byDay)) {
          SortedMap<Instant, ConversationFigures> read = conversations.figures("acme", range[0], range[1], channel, bucketOf);
          SortedMap<Instant, ConversationFigures> expected = new java.util.TreeMap<>();
          conversations.each(ConversationQuery.range("acme", Optional.of(range[0]), Optional.of(range[1]), channel),
              row -> expected.computeIfAbsent(bucketOf.apply(row.startedAt()), at -> new ConversationFigures()).add(row));
          assertTrue(!expected.isEmpty(), "the range holds conversations");
          assertEquals(expected.keySet(), read.keySet());
          expected.forEach((at, figures) -> assertSameFigures(figures.summary(), read.get(at).summary(),
              dialect + " " + range[0] + ".." + range[1] + " " + channel + " " + at));
        }
      }
    }
  }

  @OnEachDialect
  void aRowErasedWhileABatchFoldedItIsNotWrittenAgain(Dialect dialect) {
    JdbcConversations conversations = open(dialect);
    ConversationRow read = row("acme", 1, Optional.empty(), Optional.empty(), Optional.empty());
    batch(List.of(new Write(Optional.empty(), read)));
    // The batch read the row; the user's erasure deletes it before the batch writes its next state.
    assertEquals(1, conversations.erase("acme", List.of("s1")));
    batch(List.of(new Write(Optional.of(read), row("acme", 1, Optional.of(ResolvedBy.BOT), Optional.of(900L), Optional.of(5)))));
    assertEquals(Optional.empty(), Transactions.read(database.dataSource(), "find the erased row",
        connection -> ConversationTable.find(connection, "acme", "s1")));
    assertEquals(Map.of(), invariant("acme"));
    assertTrue(rollups().isEmpty(), "no rollup keeps the erased conversation's share");
  }

  @OnEachDialect
  void aBatchReadsItsSessionsRowsTogether(Dialect dialect) {
    open(dialect);
    List<ConversationRow> rows = new ArrayList<>();
    // More sessions than one read names, and another tenant's session of the same id.
    for (int i = 0; i < 2 * ConversationTable.SESSIONS_A_READ + 3; i++) {
      rows.add(row("acme", i, Optional.empty(), Optional.empty(), Optional.empty()));
    }
    rows.add(row("globex", 0, Optional.empty(), Optional.empty(), Optional.empty()));
    batch(rows.stream().map(row -> new Write(Optional.empty(), row)).toList());
    Map<ConversationTerms.SessionKey, ConversationRow> expected = new java.util.HashMap<>();
    for (ConversationRow row : rows.subList(1, rows.size())) expected.put(ConversationTerms.SessionKey.of(row), row);
    List<ConversationTerms.SessionKey> asked = new ArrayList<>(expected.keySet());
    asked.add(new ConversationTerms.SessionKey("acme", "never-started"));
    asked.add(new ConversationTerms.SessionKey("initech", "s0"));
    Map<ConversationTerms.SessionKey, ConversationRow> found = Transactions.read(database.dataSource(), "read a batch's rows",
        connection -> ConversationTable.findAll(connection, asked));
    assertEquals(expected, found);
  }

  @OnEachDialect
  void theBackfillCountsAsTheProjectionDoes(Dialect dialect) {
    open(dialect);
    List<Write> writes = new ArrayList<>();
    // A first response at each bucket's bounds, every rating and outcome, in a few hours and languages.
    for (int k = 0; k < 62; k++) {
      long bound = FirstResponseBuckets.reported(k);
      for (long ms : List.of(bound - 1, bound)) {
        int i = writes.size();
        writes.add(new Write(Optional.empty(), row("acme", i, Optional.of(ResolvedBy.values()[i % 3]), Optional.of(ms),
            i % 6 == 0 ? Optional.empty() : Optional.of(i % 6))));
      }
    }
    writes.add(new Write(Optional.empty(), row("acme", writes.size(), Optional.empty(), Optional.empty(), Optional.empty())));
    batch(writes);
    SortedMap<RollupKey, RollupCounts> kept = rollups();
    String script = script(dialect);
    Transactions.write(database.dataSource(), "backfill the rollups again", connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("DELETE FROM conversation_rollup");
        for (String sql : script.split(";")) {
          if (!sql.isBlank()) statement.execute(sql);
        }
      }
      return null;
    });
    SortedMap<RollupKey, RollupCounts> backfilled = rollups();
    assertEquals(kept.keySet(), backfilled.keySet());
    kept.forEach((key, counts) -> assertTrue(counts.matches(backfilled.get(key), 1e-9),
        key + ": kept " + counts + ", backfilled " + backfilled.get(key)));
  }

  /** Writes as the projection's batch does: every row at once, then their rollups. */
  private void batch(List<Write> writes) {
    Transactions.write(database.dataSource(), "write a batch", connection -> {
      RollupChanges changes = new RollupChanges();
      ConversationTable.writeAll(connection, writes, changes);
      changes.apply(connection);
      return null;
    });
  }

  private Map<RollupKey, String> invariant(String tenant) {
    return Transactions.read(database.dataSource(), "check the rollups",
        connection -> RollupInvariant.differences(connection, tenant));
  }

  private SortedMap<RollupKey, RollupCounts> rollups() {
    return Transactions.read(database.dataSource(), "read the rollups", connection -> RollupInvariant.rollups(connection,
        "acme"));
  }

  /** V17's statements for {@code dialect}, without its comments. */
  private static String script(Dialect dialect) {
    return Migrations.forDialect(dialect).script(17).lines().filter(line -> !line.startsWith("--")).reduce("", (text, line) -> text + line + "\n");
  }

  private static void assertSameFigures(ConversationFigures.Summary expected, ConversationFigures.Summary found,
      String what) {
    assertEquals(expected.estimatedCostUsd(), found.estimatedCostUsd(), 1e-9, what);
    assertEquals(expected.answerCache().estimatedSavedCostUsd(), found.answerCache().estimatedSavedCostUsd(), 1e-9, what);
    assertEquals(expected.estimatedCostPerConversationUsd().orElseThrow(),
        found.estimatedCostPerConversationUsd().orElseThrow(), 1e-9, what);
    assertEquals(withoutCosts(expected), withoutCosts(found), what);
  }

  private static ConversationFigures.Summary withoutCosts(ConversationFigures.Summary summary) {
    return new ConversationFigures.Summary(summary.conversations(), summary.messages(), summary.containment(),
        summary.handoffRate(), summary.averageHandoffWaitMs(), summary.medianFirstResponseMs(),
        summary.p90FirstResponseMs(), summary.csat(), summary.promptTokens(), summary.completionTokens(), 0,
        Optional.empty(), summary.voiceMinutes(), summary.qualifiedLeads(),
        new ConversationFigures.AnswerCache(summary.answerCache().answers(), summary.answerCache().savedTokens(), 0),
        summary.languages());
  }

  private JdbcConversations open(Dialect dialect) {
    database = databases.open(dialect);
    return new JdbcConversations(database.dataSource());
  }

  /** Conversation {@code i} of the tenant, started 7 minutes after the one before, with figures of its own. */
  private static ConversationRow row(String tenant, int i, Optional<ResolvedBy> resolved, Optional<Long> firstResponse,
      Optional<Integer> rating) {
    Instant start = T0.plus(Duration.ofMinutes(7L * i));
    Optional<String> language = Optional.of(LANGUAGES.get((i + (resolved.isPresent() ? 1 : 0)) % 3)).filter(l -> !l.isEmpty());
    boolean handedOff = i % 4 == 1;
    return new ConversationRow(tenant, "s" + i, Optional.empty(), i % 5 == 0 ? "voice" : "chat", start, start,
        resolved.map(by -> start.plusSeconds(60)), resolved.isPresent() ? ConversationStatus.CLOSED : ConversationStatus.OPEN,
        resolved, handedOff ? Optional.of(start) : Optional.empty(),
        handedOff && i % 8 == 1 ? Optional.of(start.plusSeconds(i)) : Optional.empty(),
        handedOff && i % 8 == 1 ? Optional.of(1000L * i) : Optional.empty(), 1 + i % 3, i % 4, i % 2, 1,
        Optional.empty(), firstResponse, 0, 0, 100L * i, 10L * i, Optional.of("primary"), 0.0001 * i + 0.00003,
        Optional.of(i), i % 7 == 0, rating, language, i % 5 == 0 ? 30L * i : 0, i % 3, 7L * i, 0.00007 * i, List.of(),
        false, Optional.empty());
  }
}
