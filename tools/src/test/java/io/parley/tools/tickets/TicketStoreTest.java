package io.parley.tools.tickets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import io.parley.persistence.testing.Sql;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TicketStoreTest {
  private static final Instant CREATED = Instant.parse("2026-11-20T09:15:00.123456Z");
  private static final NewTicket DAMAGED = new NewTicket("Order 1042 arrived damaged",
      "The kettle's lid is cracked; the customer wants a replacement.", TicketPriority.HIGH);

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;

  private TicketStore open(Dialect dialect, Clock clock) {
    database = databases.open(dialect);
    return new TicketStore(database.dataSource(), clock);
  }

  private TicketStore open(Dialect dialect) {
    return open(dialect, Clock.systemUTC());
  }

  @OnEachDialect
  void createFindListAndUpdateWithHistory(Dialect dialect) {
    MutableClock clock = new MutableClock(CREATED);
    TicketStore tickets = open(dialect, clock);

    TicketStore.Creation creation = tickets.create("acme", DAMAGED, Optional.of("session-1"), Optional.of("s/t/c1"));
    Ticket created = creation.ticket();
    assertTrue(creation.created());
    assertEquals(new Ticket("acme", 1001, Optional.of("session-1"), "Order 1042 arrived damaged",
        "The kettle's lid is cracked; the customer wants a replacement.", TicketPriority.HIGH, TicketStatus.OPEN,
        CREATED, CREATED, Optional.empty()), created);
    assertEquals("T-1001", created.id());
    assertEquals(Optional.of(created), tickets.find("acme", 1001));
    assertEquals(Optional.of(created), tickets.find("acme", "t-1001"));

    Ticket second = tickets.create("acme", new NewTicket("Question about invoices", "Can I get a VAT invoice?",
        TicketPriority.LOW), Optional.empty(), Optional.empty()).ticket();
    assertEquals("T-1002", second.id());
    assertEquals(Optional.empty(), second.sessionId());

    clock.now = CREATED.plusSeconds(600);
    Ticket pending = tickets.update("acme", 1001, new TicketUpdate(Optional.of(TicketStatus.PENDING),
        Optional.of(TicketPriority.URGENT), Optional.of("Asked the courier for photos"))).orElseThrow();
    assertEquals(TicketStatus.PENDING, pending.status());
    assertEquals(TicketPriority.URGENT, pending.priority());
    assertEquals(CREATED.plusSeconds(600), pending.updatedAt());
    assertEquals(CREATED, pending.createdAt());
    clock.now = CREATED.plusSeconds(900);
    tickets.update("acme", 1001, new TicketUpdate(Optional.empty(), Optional.empty(), Optional.of("Courier replied")));

    assertEquals(List.of(
        new TicketChange(1, CREATED, Optional.empty(), Optional.of(TicketStatus.OPEN), Optional.empty(),
            Optional.of(TicketPriority.HIGH), Optional.empty(), Optional.empty()),
        new TicketChange(2, CREATED.plusSeconds(600), Optional.of(TicketStatus.OPEN), Optional.of(TicketStatus.PENDING),
            Optional.of(TicketPriority.HIGH), Optional.of(TicketPriority.URGENT), Optional.of("Asked the courier for photos"),
            Optional.empty()),
        new TicketChange(3, CREATED.plusSeconds(900), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.of("Courier replied"), Optional.empty())), tickets.history("acme", 1001));
    assertEquals("created", tickets.history("acme", 1001).get(0).action());

    assertEquals(List.of("T-1002", "T-1001"), ids(tickets.list("acme", Optional.empty(), new AssigneeFilter.Anyone(), 50)), "newest first");
    assertEquals(List.of("T-1001"), ids(tickets.list("acme", Optional.of(TicketStatus.PENDING), new AssigneeFilter.Anyone(), 50)));
    assertEquals(List.of("T-1002"), ids(tickets.list("acme", Optional.empty(), new AssigneeFilter.Anyone(), 1)));
  }

  @OnEachDialect
  void aTicketAssignedIsListedAsTheAssignees(Dialect dialect) {
    TicketStore tickets = open(dialect);
    tickets.create("acme", DAMAGED, Optional.empty(), Optional.empty());
    tickets.create("acme", DAMAGED, Optional.empty(), Optional.empty());
    TicketUpdate toDana = new TicketUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("dana"));

    assertEquals(Optional.of("dana"), tickets.update("acme", 1001, toDana).orElseThrow().assignee());
    tickets.update("acme", 1001, toDana);

    assertEquals(List.of("T-1001"), ids(tickets.list("acme", Optional.empty(), new AssigneeFilter.Person("dana"), 50)));
    assertEquals(List.of(), ids(tickets.list("acme", Optional.empty(), new AssigneeFilter.Person("sam"), 50)));
    assertEquals(List.of("T-1002"), ids(tickets.list("acme", Optional.empty(), new AssigneeFilter.Nobody(), 50)));
    assertEquals(List.of(Optional.empty(), Optional.of("dana")),
        tickets.history("acme", 1001).stream().map(TicketChange::assignedTo).toList(), "assigning again changes nothing");
    assertThrows(IllegalArgumentException.class,
        () -> new TicketUpdate(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(" ")));
  }

  @OnEachDialect
  void theTicketsOfErasedSessionsGoWithTheirHistoryAndNoOthers(Dialect dialect) {
    TicketStore tickets = open(dialect);
    Ticket mine = tickets.create("acme", DAMAGED, Optional.of("session-1"), Optional.empty()).ticket();
    tickets.update("acme", mine.number(), new TicketUpdate(Optional.of(TicketStatus.PENDING), Optional.empty(),
        Optional.of("asked ada@example.com for a photo")));
    Ticket other = tickets.create("acme", DAMAGED, Optional.of("session-2"), Optional.empty()).ticket();
    Ticket otherTenant = tickets.create("globex", DAMAGED, Optional.of("session-1"), Optional.empty()).ticket();

    assertEquals(List.of(mine.number()), tickets.ofSessions("acme", List.of("session-1", "session-9")).stream()
        .map(Ticket::number).toList());
    assertEquals(1, tickets.eraseOfSessions("acme", List.of("session-1", "session-9")));

    assertEquals(Optional.empty(), tickets.find("acme", mine.number()));
    assertEquals(List.of(), tickets.history("acme", mine.number()));
    assertTrue(tickets.find("acme", other.number()).isPresent());
    assertTrue(tickets.find("globex", otherTenant.number()).isPresent());
    assertEquals(0, tickets.eraseOfSessions("acme", List.of("session-1")), "erasing again erases nothing");
    assertEquals(0, tickets.eraseOfSessions("acme", List.of()));
  }

  @OnEachDialect
  void anUpdateThatChangesNothingLeavesNoHistory(Dialect dialect) {
    TicketStore tickets = open(dialect);
    tickets.create("acme", DAMAGED, Optional.empty(), Optional.empty());

    Ticket same = tickets.update("acme", 1001, new TicketUpdate(Optional.of(TicketStatus.OPEN),
        Optional.of(TicketPriority.HIGH), Optional.empty())).orElseThrow();

    assertEquals(tickets.find("acme", 1001).orElseThrow(), same);
    assertEquals(1, tickets.history("acme", 1001).size());
    assertEquals(Optional.empty(), tickets.update("acme", 999, new TicketUpdate(Optional.of(TicketStatus.CLOSED),
        Optional.empty(), Optional.empty())), "no such ticket");
    assertThrows(IllegalArgumentException.class,
        () -> new TicketUpdate(Optional.empty(), Optional.empty(), Optional.empty()));
  }

  @OnEachDialect
  void aRepeatedKeyReturnsTheSameTicket(Dialect dialect) throws SQLException {
    TicketStore tickets = open(dialect);
    Ticket first = tickets.create("acme", DAMAGED, Optional.of("s"), Optional.of("s/turn-3/call_1")).ticket();

    TicketStore.Creation again = tickets.create("acme", new NewTicket("Different words", "Different description",
        TicketPriority.LOW), Optional.of("s"), Optional.of("s/turn-3/call_1"));

    assertFalse(again.created());
    assertEquals(first, again.ticket());
    assertEquals(1, count("SELECT COUNT(*) FROM ticket"));
    assertEquals("T-1002", tickets.create("acme", DAMAGED, Optional.of("s"), Optional.of("s/turn-3/call_2")).ticket().id(),
        "another key is another ticket, and no number was skipped");
    assertEquals("T-1001", tickets.create("globex", DAMAGED, Optional.of("s"), Optional.of("s/turn-3/call_1")).ticket().id(),
        "keys are per tenant");
  }

  @OnEachDialect
  void concurrentCallsWithOneKeyCreateOneTicket(Dialect dialect) throws Exception {
    TicketStore tickets = open(dialect);
    for (int round = 0; round < 5; round++) {
      String key = "session/turn-1/call_" + round;
      List<TicketStore.Creation> results =
          fourAtOnce(asker -> tickets.create("acme", DAMAGED, Optional.of("session"), Optional.of(key)));
      assertEquals(1, results.stream().filter(TicketStore.Creation::created).count(), "one of them created it");
      assertEquals(1, results.stream().map(c -> c.ticket().id()).distinct().count(), "all got the same ticket");
    }
    assertEquals(5, count("SELECT COUNT(*) FROM ticket"));
    assertEquals(List.of("T-1005", "T-1004", "T-1003", "T-1002", "T-1001"), ids(tickets.list("acme", Optional.empty(), new AssigneeFilter.Anyone(), 10)),
        "numbers without gaps");
  }

  @OnEachDialect
  void aConversationHasOneOpenTicketWhoeverAsksAtOnce(Dialect dialect) throws Exception {
    TicketStore tickets = open(dialect);
    List<TicketStore.Creation> results =
        fourAtOnce(asker -> tickets.openForSession("acme", DAMAGED, "session-1", Optional.of("asker-" + asker)));
    assertEquals(1, results.stream().filter(TicketStore.Creation::created).count(), "one of them created it");
    assertEquals(1, results.stream().map(c -> c.ticket().id()).distinct().count(), "the others found it");
    assertEquals(3, results.stream().filter(TicketStore.Creation::conversations).count(), "opened by another asker");
    assertEquals("T-1001", tickets.openForSession("acme", DAMAGED, "session-1", Optional.empty()).ticket().id());
    assertEquals("T-1002", tickets.openForSession("acme", DAMAGED, "session-2", Optional.empty()).ticket().id(),
        "another conversation has its own");

    tickets.update("acme", 1001, new TicketUpdate(Optional.of(TicketStatus.CLOSED), Optional.empty(), Optional.empty()));
    TicketStore.Creation afterClose = tickets.openForSession("acme", DAMAGED, "session-1", Optional.empty());
    assertTrue(afterClose.created(), "a closed ticket is not reused");
    assertEquals("T-1003", afterClose.ticket().id());
    assertEquals(3, count("SELECT COUNT(*) FROM ticket"));
  }

  @OnEachDialect
  void aNoteAddedOnceStaysOnce(Dialect dialect) {
    TicketStore tickets = open(dialect);
    tickets.create("acme", DAMAGED, Optional.of("session-1"), Optional.empty());
    tickets.noteOnce("acme", 1001, "customer: where is my kettle?");
    tickets.noteOnce("acme", 1001, "  customer: where is my kettle?  ");
    tickets.noteOnce("acme", 1001, "customer: where is my kettle?\ncustomer: hello?");
    assertEquals(List.of(Optional.empty(), Optional.of("customer: where is my kettle?"),
        Optional.of("customer: where is my kettle?\ncustomer: hello?")),
        tickets.history("acme", 1001).stream().map(TicketChange::note).toList());
    assertEquals(Optional.empty(), tickets.noteOnce("globex", 1001, "not theirs"));
  }

  @OnEachDialect
  void tenantsNeverSeeOrTouchEachOthersTickets(Dialect dialect) {
    TicketStore tickets = open(dialect);
    tickets.create("acme", DAMAGED, Optional.empty(), Optional.empty());
    Ticket globex = tickets.create("globex", new NewTicket("Globex only", "Secret", TicketPriority.NORMAL),
        Optional.empty(), Optional.empty()).ticket();

    assertEquals("T-1001", globex.id(), "each tenant counts from 1001");
    assertEquals("Order 1042 arrived damaged", tickets.find("acme", 1001).orElseThrow().subject());
    assertEquals("Globex only", tickets.find("globex", 1001).orElseThrow().subject());
    assertEquals(Optional.empty(), tickets.find("initech", 1001));
    assertEquals(List.of(), tickets.list("initech", Optional.empty(), new AssigneeFilter.Anyone(), 10));
    assertEquals(List.of(), tickets.history("initech", 1001));
    assertEquals(Optional.empty(), tickets.update("initech", 1001, new TicketUpdate(Optional.of(TicketStatus.CLOSED),
        Optional.empty(), Optional.empty())));
    assertEquals(TicketStatus.OPEN, tickets.find("acme", 1001).orElseThrow().status());
  }

  @Test
  void ticketIdsAreParsedAsPeopleWriteThem() {
    for (String id : List.of("T-1042", "t-1042", "T1042", "1042", " #1042 ", "T 1042")) {
      assertEquals(Optional.of(1042L), TicketIds.parse(id), id);
    }
    for (String id : List.of("", "T-", "ticket", "T-10a2", "1042-T", "T--1042", "99999999999999999999")) {
      assertEquals(Optional.empty(), TicketIds.parse(id), id);
    }
    assertEquals("T-1042", TicketIds.format(1042));
  }

  private long count(String sql) throws SQLException {
    return Sql.count(database.dataSource(), sql);
  }

  private static List<String> ids(List<Ticket> tickets) {
    return tickets.stream().map(Ticket::id).toList();
  }

  /** What four askers, numbered 0 to 3, each got of {@code attempt} made all at once. */
  private static List<TicketStore.Creation> fourAtOnce(IntFunction<TicketStore.Creation> attempt) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<CompletableFuture<TicketStore.Creation>> attempts = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        int asker = i;
        attempts.add(CompletableFuture.supplyAsync(() -> {
          await(start);
          return attempt.apply(asker);
        }, pool));
      }
      start.countDown();
      List<TicketStore.Creation> results = new ArrayList<>();
      for (CompletableFuture<TicketStore.Creation> each : attempts) results.add(each.get());
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final class MutableClock extends Clock {
    volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
