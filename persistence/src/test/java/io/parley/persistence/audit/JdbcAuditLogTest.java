package io.parley.persistence.audit;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.audit.AuditEntry;
import io.parley.core.audit.AuditPage;
import io.parley.core.audit.AuditQuery;
import io.parley.core.audit.AuditRecord;
import io.parley.core.audit.AuditResult;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Role;
import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On both databases: entries are written behind the caller's back, read newest first a page at a time, per tenant. */
class JdbcAuditLogTest {
  private static final Instant AT = Instant.parse("2026-11-23T06:00:00.123456Z");
  private static final Caller ADMIN = Caller.ofApiKey("acme", "cms", Set.of(Role.ADMIN, Role.AGENT));

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;
  private JdbcAuditLog log;
  private final Counts counts = new Counts();

  @AfterEach
  void close() {
    if (log != null) log.close();
  }

  private JdbcAuditLog open(Dialect dialect, int capacity) {
    database = databases.open(dialect);
    log = new JdbcAuditLog(database.dataSource(), counts, capacity);
    return log;
  }

  @OnEachDialect
  void entriesAreReadBackNewestFirstAPageAtATimeAndOnlyByTheirTenant(Dialect dialect) throws Exception {
    JdbcAuditLog audit = open(dialect, JdbcAuditLog.DEFAULT_QUEUE_CAPACITY);
    for (int i = 1; i <= 5; i++) {
      audit.append(AuditEntry.of(ADMIN, AT.plusSeconds(i), i % 2 == 0 ? "ticket.update" : "kb.document.create",
          "/v1/kb/documents/" + i, AuditResult.OK, "req-" + i, Optional.empty(), Optional.of("ada@acme.example (staff_" + i + ")")));
    }
    audit.append(AuditEntry.unknown("globex", AT, "authenticate", "/v1/tickets", AuditResult.UNAUTHORIZED, "req-g",
        "the token was refused: Expired JWT"));
    await("every entry written").atMost(Duration.ofSeconds(10)).until(() -> counts.written() == 6);

    AuditPage first = audit.page(new AuditQuery("acme", Optional.empty(), Optional.empty(), 2));
    assertEquals(List.of("req-5", "req-4"), requestIds(first));
    AuditEntry newest = first.entries().get(0).entry();
    assertEquals(AuditEntry.of(ADMIN, AT.plusSeconds(5), "kb.document.create", "/v1/kb/documents/5", AuditResult.OK,
        "req-5", Optional.empty(), Optional.of("ada@acme.example (staff_5)")), newest, "every field comes back as written");
    List<String> all = new ArrayList<>(requestIds(first));
    AuditPage page = first;
    while (page.next().isPresent()) {
      page = audit.page(AuditQuery.parse("acme", Optional.of("2"), page.next(), Optional.empty()));
      all.addAll(requestIds(page));
    }
    assertEquals(List.of("req-5", "req-4", "req-3", "req-2", "req-1"), all, "the pages join up, nothing twice");

    assertEquals(List.of("req-4", "req-2"), requestIds(audit.page(
        AuditQuery.parse("acme", Optional.empty(), Optional.empty(), Optional.of("ticket.update")))));
    AuditPage globex = audit.page(AuditQuery.parse("globex", Optional.empty(), Optional.empty(), Optional.empty()));
    assertEquals(List.of("req-g"), requestIds(globex));
    AuditEntry refused = globex.entries().get(0).entry();
    assertEquals("unknown", refused.actor());
    assertEquals(Set.of(), refused.roles());
    assertEquals(Optional.of("the token was refused: Expired JWT"), refused.reason());
    assertEquals(List.of(), audit.page(AuditQuery.parse("initech", Optional.empty(), Optional.empty(), Optional.empty())).entries());
  }

  @OnEachDialect
  void closingWritesWhatIsQueued(Dialect dialect) {
    JdbcAuditLog audit = open(dialect, JdbcAuditLog.DEFAULT_QUEUE_CAPACITY);
    for (int i = 0; i < 1200; i++) {
      audit.append(AuditEntry.of(ADMIN, AT, "agent.reply", "/v1/sessions/s-" + i, AuditResult.OK, "req-" + i, Optional.empty(),
          Optional.empty()));
    }
    audit.close();
    assertEquals(1200, counts.written());
    List<Integer> pages = new ArrayList<>();
    AuditPage page = audit.page(new AuditQuery("acme", Optional.empty(), Optional.empty(), AuditQuery.MAX_LIMIT));
    pages.add(page.entries().size());
    while (page.next().isPresent()) {
      page = audit.page(AuditQuery.parse("acme", Optional.of("500"), page.next(), Optional.empty()));
      pages.add(page.entries().size());
    }
    assertEquals(List.of(500, 500, 200), pages);
  }

  @OnEachDialect
  void everyEntryNotWrittenIsCountedWithItsCause(Dialect dialect) throws Exception {
    JdbcAuditLog audit = open(dialect, 2);
    database.close();
    for (int i = 0; i < 10; i++) {
      audit.append(AuditEntry.of(ADMIN, AT, "cache.clear", "/v1/cache", AuditResult.OK, "req-" + i, Optional.empty(), Optional.empty()));
    }
    assertTrue(counts.lost(AuditWrites.Loss.QUEUE_FULL) >= 5,
        "a writer stuck on the database takes one batch at most; the full queue refuses the rest: " + counts);
    audit.close();
    assertEquals(0, counts.written());
    assertEquals(10, counts.lost(AuditWrites.Loss.QUEUE_FULL) + counts.lost(AuditWrites.Loss.DATABASE)
        + counts.lost(AuditWrites.Loss.CLOSED), "all ten accounted for: " + counts);
    assertTrue(counts.lost(AuditWrites.Loss.DATABASE) >= 1, counts.toString());
  }

  private static List<String> requestIds(AuditPage page) {
    return page.entries().stream().map(AuditRecord::entry).map(AuditEntry::requestId).toList();
  }

  /** What a node's metrics would count. */
  private static final class Counts implements AuditWrites {
    private int written;
    private final Map<Loss, Integer> lost = new EnumMap<>(Loss.class);

    @Override
    public synchronized void written(int entries) {
      written += entries;
    }

    @Override
    public synchronized void lost(int entries, Loss why) {
      lost.merge(why, entries, Integer::sum);
    }

    synchronized int written() {
      return written;
    }

    synchronized int lost(Loss why) {
      return lost.getOrDefault(why, 0);
    }

    @Override
    public synchronized String toString() {
      return "written " + written + ", lost " + lost;
    }
  }
}
