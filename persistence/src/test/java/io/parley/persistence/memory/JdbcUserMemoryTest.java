package io.parley.persistence.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.memory.MemoryEntry;
import io.parley.core.memory.MemoryHit;
import io.parley.core.memory.MemoryId;
import io.parley.core.memory.PinnedFact;
import io.parley.core.memory.SessionMemory;
import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.EmbeddingBytes;
import io.parley.persistence.Migration;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.testing.OnEachDialect;
import io.parley.persistence.testing.Sql;
import io.parley.persistence.testing.DialectDatabases;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On both databases, with the real MiniLM model (loaded once for the class). */
class JdbcUserMemoryTest {
  private static final MiniLmEmbeddingModel model = new MiniLmEmbeddingModel().load();

  private static final Instant ORDER_CLOSED = Instant.parse("2026-10-01T10:15:30.123456789Z");
  private static final Instant PASSWORD_CLOSED = Instant.parse("2026-10-15T08:00:00Z");
  private static final Instant BILLING_CLOSED = Instant.parse("2026-11-02T16:45:00Z");

  private static final SessionMemory ORDER_SESSION = new SessionMemory("acme", "u-17", "s-1", ORDER_CLOSED,
      "The customer reported that order 1042 had not been delivered after two weeks; the courier had lost"
          + " track of the parcel and the assistant opened an investigation with the courier.",
      List.of(new PinnedFact("customer_name", "Ana Lopez", 2, ORDER_CLOSED.minusSeconds(540)),
          new PinnedFact("order_number", "1042", 3, ORDER_CLOSED.minusSeconds(480)),
          new PinnedFact("email", "ana.lopez@example.com", 7, ORDER_CLOSED.minusSeconds(300))));
  private static final SessionMemory PASSWORD_SESSION = new SessionMemory("acme", "u-17", "s-2", PASSWORD_CLOSED,
      "The customer could not sign in to their account; the assistant sent a password reset link and"
          + " confirmed that the new password worked.",
      List.of(new PinnedFact("email", "ana@newmail.example", 4, PASSWORD_CLOSED.minusSeconds(120))));
  private static final SessionMemory BILLING_SESSION = new SessionMemory("acme", "u-17", "s-3", BILLING_CLOSED,
      "The customer was billed twice for the November subscription; the assistant refunded the duplicate"
          + " charge to the card on file.",
      List.of(new PinnedFact("commitment", "refund the duplicate charge within 5 business days", 6,
          BILLING_CLOSED.minusSeconds(60))));

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;

  private JdbcUserMemory open(Dialect dialect) {
    database = databases.open(dialect);
    return new JdbcUserMemory(database.dataSource(), model);
  }

  @OnEachDialect
  void theMigrationAppliesAlongsideTheJournal(Dialect dialect) throws SQLException {
    database = databases.openEmpty(dialect);

    List<Migration> applied = database.migrate();

    assertEquals(List.of("pekko journal", "user memory"),
        applied.stream().limit(2).map(Migration::description).collect(Collectors.toList()),
        "the user memory's table comes right after the journal's, in one run of every migration");
    assertEquals(List.of(0L, 0L), List.of(count("SELECT COUNT(*) FROM event_journal"),
        count("SELECT COUNT(*) FROM user_memory")));
  }

  @OnEachDialect
  void aRememberedSessionComesBackNewestFirst(Dialect dialect) {
    JdbcUserMemory memory = open(dialect);

    memory.remember(ORDER_SESSION);

    Instant closed = ORDER_CLOSED.truncatedTo(ChronoUnit.MICROS); // the databases keep microseconds
    assertEquals(List.of(
            new MemoryEntry("episodic", "episode", ORDER_SESSION.summary(), "s-1", closed, 0),
            new MemoryEntry("semantic", "email", "email: ana.lopez@example.com", "s-1", closed.minusSeconds(300), 3),
            new MemoryEntry("semantic", "order_number", "order_number: 1042", "s-1", closed.minusSeconds(480), 2),
            new MemoryEntry("semantic", "customer_name", "customer_name: Ana Lopez", "s-1", closed.minusSeconds(540), 1)),
        memory.all("acme", "u-17"));
  }

  @OnEachDialect
  void rememberingASessionAgainReplacesIt(Dialect dialect) {
    JdbcUserMemory memory = open(dialect);
    memory.remember(ORDER_SESSION);
    List<MemoryEntry> once = memory.all("acme", "u-17");

    memory.remember(ORDER_SESSION);
    assertEquals(once, memory.all("acme", "u-17"));

    SessionMemory corrected = new SessionMemory("acme", "u-17", "s-1", ORDER_CLOSED, "Order 1042 was found.",
        List.of(new PinnedFact("order_number", "1042", 3, ORDER_CLOSED)));
    memory.remember(corrected);
    assertEquals(List.of("Order 1042 was found.", "order_number: 1042"),
        memory.all("acme", "u-17").stream().map(MemoryEntry::text).collect(Collectors.toList()));
  }

  @OnEachDialect
  void retriesRacingEachOtherLeaveOneCopy(Dialect dialect) throws Exception {
    JdbcUserMemory memory = open(dialect);
    memory.remember(ORDER_SESSION);
    List<MemoryEntry> once = memory.all("acme", "u-17");
    CountDownLatch start = new CountDownLatch(1);

    List<CompletableFuture<Void>> retries = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      retries.add(CompletableFuture.runAsync(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        memory.remember(ORDER_SESSION);
      }));
    }
    start.countDown();
    for (CompletableFuture<Void> retry : retries) retry.get();

    assertEquals(once, memory.all("acme", "u-17"));
  }

  @OnEachDialect
  void recallPutsTheRelevantEpisodeAheadOfUnrelatedOnes(Dialect dialect) {
    JdbcUserMemory memory = open(dialect);
    List.of(ORDER_SESSION, PASSWORD_SESSION, BILLING_SESSION).forEach(memory::remember);

    List<MemoryHit> hits = memory.recall("acme", "u-17", "my order 1042 hasn't arrived", 3);

    // One slot reserved for the name; the other two are the order's episode and number.
    assertEquals(3, hits.size(), hits.toString());
    assertTrue(hits.get(0).entry().text().contains("1042"), hits.toString());
    assertEquals(List.of("s-1", "s-1", "s-1"), sessions(hits));
    assertTrue(texts(hits).contains(ORDER_SESSION.summary()), hits.toString());
    assertTrue(texts(hits).contains("customer_name: Ana Lopez"), hits.toString());
    assertDescending(hits);

    List<MemoryHit> more = memory.recall("acme", "u-17", "my order 1042 hasn't arrived", 10);
    List<String> episodes = more.stream().filter(hit -> hit.entry().kind().equals("episodic"))
        .map(hit -> hit.entry().sessionId()).collect(Collectors.toList());
    assertEquals("s-1", episodes.get(0), more.toString());
    assertTrue(episodes.contains("s-3"), "the last conversation is always offered: " + more);
    assertDescending(more);
  }

  @OnEachDialect
  void aNewerEmailSupersedesTheOlderInRecallButNotInTheHistory(Dialect dialect) {
    JdbcUserMemory memory = open(dialect);
    List.of(ORDER_SESSION, PASSWORD_SESSION).forEach(memory::remember);

    List<String> recalled = texts(memory.recall("acme", "u-17", "which email address do you have for me?", 10));

    assertTrue(recalled.contains("email: ana@newmail.example"), recalled.toString());
    assertFalse(recalled.contains("email: ana.lopez@example.com"), recalled.toString());
    List<String> history = memory.all("acme", "u-17").stream().map(MemoryEntry::text).collect(Collectors.toList());
    assertTrue(history.contains("email: ana.lopez@example.com"), history.toString());
  }

  @OnEachDialect
  void theSameUserIdInAnotherTenantIsAnotherUser(Dialect dialect) {
    JdbcUserMemory memory = open(dialect);
    memory.remember(ORDER_SESSION);
    List<MemoryEntry> acme = memory.all("acme", "u-17");

    assertEquals(List.of(), memory.all("globex", "u-17"));
    assertEquals(List.of(), memory.recall("globex", "u-17", "my order 1042 hasn't arrived", 5));

    // Same user and session ids: remembering it for globex must not replace acme's rows.
    SessionMemory globex = new SessionMemory("globex", "u-17", "s-1", BILLING_CLOSED, "Asked about opening hours.",
        List.of());
    memory.remember(globex);
    assertEquals(acme, memory.all("acme", "u-17"));
    assertEquals(List.of("Asked about opening hours."),
        memory.all("globex", "u-17").stream().map(MemoryEntry::text).collect(Collectors.toList()));
    assertEquals(List.of("s-1"), sessions(memory.recall("globex", "u-17", "my order 1042 hasn't arrived", 5)));
    assertFalse(texts(memory.recall("globex", "u-17", "my order 1042 hasn't arrived", 5)).contains(ORDER_SESSION.summary()));
  }

  @OnEachDialect
  void aRowEmbeddedByAnotherModelIsEmbeddedAgainWhenRecalled(Dialect dialect) throws SQLException {
    JdbcUserMemory memory = open(dialect);
    try (Connection connection = database.dataSource().getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO user_memory (tenant, user_id, session_id,"
            + " ordinal, kind, name, text, embedding, occurred_at, session_closed_at)"
            + " VALUES ('acme', 'u-17', 's-0', 0, 'episodic', 'episode', ?, ?, ?, ?)")) {
      OffsetDateTime at = OffsetDateTime.of(2026, 9, 1, 12, 0, 0, 0, ZoneOffset.UTC);
      insert.setString(1, "The parcel with order 1042 was stuck at the depot.");
      insert.setBytes(2, EmbeddingBytes.encode(new float[] {1, 0, 0}));
      insert.setObject(3, at);
      insert.setObject(4, at);
      insert.executeUpdate();
    }

    List<MemoryHit> hits = memory.recall("acme", "u-17", "my order 1042 hasn't arrived", 2);

    assertEquals(List.of("s-0"), sessions(hits));
    assertTrue(hits.get(0).score() > 0.3, hits.toString());
  }

  private long count(String sql) throws SQLException {
    return Sql.count(database.dataSource(), sql);
  }

  private static List<String> texts(List<MemoryHit> hits) {
    return hits.stream().map(hit -> hit.entry().text()).collect(Collectors.toList());
  }

  private static List<String> sessions(List<MemoryHit> hits) {
    return hits.stream().map(hit -> hit.entry().sessionId()).collect(Collectors.toList());
  }

  private static void assertDescending(List<MemoryHit> hits) {
    for (int i = 1; i < hits.size(); i++) {
      assertTrue(hits.get(i - 1).score() >= hits.get(i).score(), "not best first: " + hits);
    }
  }

  @OnEachDialect
  void forgettingSessionsOrAUserDeletesTheirMemoriesOnly(Dialect dialect) {
    JdbcUserMemory memory = open(dialect);
    memory.remember(ORDER_SESSION);
    memory.remember(PASSWORD_SESSION);
    memory.remember(new SessionMemory("acme", "u-18", "s-1", ORDER_CLOSED, "Another user with a session id alike.", List.of()));
    int before = memory.all("acme", "u-17").size();

    int forgotten = memory.forgetSessions("acme", List.of("s-1"));

    assertTrue(forgotten > 1, "the u-17 and u-18 memories of s-1: " + forgotten);
    List<MemoryEntry> left = memory.all("acme", "u-17");
    assertEquals(before - forgotten + 1, left.size());
    assertTrue(left.stream().allMatch(entry -> entry.sessionId().equals("s-2")), left.toString());
    assertEquals(left.size(), memory.forget("acme", "u-17"));
    assertEquals(List.of(), memory.all("acme", "u-17"));
    assertEquals(0, memory.forget("acme", "u-17"), "forgetting again deletes nothing");
  }

  @OnEachDialect
  void aCorrectedMemoryIsRecalledAsCorrectedAndAForgottenOneNotAtAll(Dialect dialect) {
    JdbcUserMemory memory = open(dialect);
    memory.remember(ORDER_SESSION);
    memory.remember(new SessionMemory("acme", "u-18", "s-1", ORDER_CLOSED, "Another user with a session id alike.",
        List.of(new PinnedFact("order_number", "777", 1, ORDER_CLOSED))));
    MemoryId order = new MemoryId("s-1", 2);
    MemoryId email = new MemoryId("s-1", 3);

    assertTrue(memory.correct("acme", "u-17", order, "  order_number: 1043 "));
    assertTrue(memory.forget("acme", "u-17", email));

    List<String> recalled = memory.recall("acme", "u-17", "which order was it?", 10).stream()
        .map(hit -> hit.entry().text()).toList();
    assertTrue(recalled.contains("order_number: 1043"), recalled.toString());
    assertFalse(recalled.stream().anyMatch(text -> text.equals("order_number: 1042") || text.contains("ana.lopez@")),
        recalled.toString());
    assertFalse(memory.correct("acme", "u-18", email, "email: someone@example.com"), "another user's item is not theirs");
    assertFalse(memory.forget("acme", "u-17", email), "forgetting again deletes nothing");
    assertFalse(memory.forget("other", "u-17", order), "nor does another tenant");
    assertEquals(List.of("order_number: 777"), memory.all("acme", "u-18").stream()
        .filter(entry -> entry.kind().equals(MemoryEntry.SEMANTIC)).map(MemoryEntry::text).toList());
  }

  @org.junit.jupiter.api.Test
  void aMemoryIdReadsBackFromItsWireForm() {
    assertEquals(new MemoryId("ses.a.b", 12), MemoryId.parse("ses.a.b.12").orElseThrow());
    assertEquals("ses.a.b.12", new MemoryId("ses.a.b", 12).toString());
    for (String bad : new String[] {"", ".1", "s-1.", "s-1", "s-1.x", "s-1.-1", "s-1.99999999999"}) {
      assertTrue(MemoryId.parse(bad).isEmpty(), bad);
    }
  }
}
