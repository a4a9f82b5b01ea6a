package io.parley.persistence.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.Transactions;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tag's conversations are read from the tag's rows in start order (V15): pages of a tag, newest or
 * oldest first, with the other filters and a range, hold what the conversations' own order gives,
 * across cursors, on H2 and PostgreSQL; a tag keeps its conversation's start and goes with it.
 */
class JdbcConversationsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;

  @OnEachDialect
  void pagesOfATagFollowTheConversationsStartOrder(Dialect dialect) {
    JdbcConversations conversations = open(dialect);
    // Ten conversations a minute apart, two of them at the same instant (the session id breaks the tie);
    // every other one and the last tagged vip; and another tenant's.
    for (int i = 0; i < 10; i++) {
      save(row("acme", "s" + i, T0.plusSeconds(60L * Math.min(i, 8)), i % 3 == 0 ? "voice" : "chat"));
      if (i % 2 == 0 || i == 9) assertTrue(conversations.tag("acme", "s" + i, "vip"));
    }
    save(row("globex", "g1", T0, "chat"));
    assertTrue(conversations.tag("globex", "g1", "vip"));
    assertTrue(conversations.tag("acme", "s2", "vip"), "tagging twice is tagging once");
    assertFalse(conversations.tag("acme", "missing", "vip"));

    assertEquals(List.of("s9", "s8", "s6", "s4", "s2", "s0"), ids(conversations, query(Optional.empty(), ConversationQuery.Order.NEWEST)));
    assertEquals(List.of("s0", "s2", "s4", "s6", "s8", "s9"), ids(conversations, query(Optional.empty(), ConversationQuery.Order.OLDEST)));
    assertEquals(List.of("s9", "s6", "s0"), ids(conversations, query(Optional.of("voice"), ConversationQuery.Order.NEWEST)));
    ConversationQuery ranged = new ConversationQuery("acme", Optional.of(T0.plusSeconds(60)), Optional.of(T0.plusSeconds(400)),
        Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of("vip"), Optional.empty(), Optional.empty(), false, List.of(), ConversationQuery.Order.NEWEST,
        Optional.empty(), 2);
    assertEquals(List.of("s6", "s4", "s2"), ids(conversations, ranged));

    conversations.erase("acme", List.of("s4"));
    assertEquals(List.of("s9", "s8", "s6", "s2", "s0"), ids(conversations, query(Optional.empty(), ConversationQuery.Order.NEWEST)));
    assertTrue(conversations.untag("acme", "s8", "vip"));
    assertEquals(List.of("s9", "s6", "s2", "s0"), ids(conversations, query(Optional.empty(), ConversationQuery.Order.NEWEST)));
    assertEquals(List.of("vip"), conversations.find("acme", "s6").orElseThrow().tags());
  }

  /**
   * A session the customer never wrote in (a page that loaded the widget) and a test conversation
   * are in neither the list nor the figures, whole hours or edges; the tests are listed on their own.
   */
  @OnEachDialect
  void onlyConversationsTheCustomerWroteInCountAndTestsAreListedApart(Dialect dialect) {
    JdbcConversations conversations = open(dialect);
    ConversationRow written = row("acme", "written", T0, "chat");
    ConversationRow greetedOnly = variant(row("acme", "greeted", T0.plusSeconds(1), "chat"), 0, false);
    ConversationRow test = variant(row("acme", "test", T0.plusSeconds(2), "chat"), 1, true);
    for (ConversationRow row : List.of(written, greetedOnly, test)) save(row);

    assertEquals(List.of("written"), conversations.page(listed(false)).conversations().stream().map(ConversationRow::sessionId).toList());
    assertEquals(List.of("test"), conversations.page(listed(true)).conversations().stream().map(ConversationRow::sessionId).toList());
    for (Instant from : List.of(T0.minusSeconds(7200), T0.minusSeconds(60))) {
      var figures = conversations.figures("acme", from, T0.plusSeconds(7200), Optional.empty(), at -> Instant.EPOCH);
      assertEquals(1, figures.get(Instant.EPOCH).summary().conversations(), "from " + from);
    }

    save(variant(greetedOnly, 1, false));
    assertEquals(2, conversations.figures("acme", T0.minusSeconds(7200), T0.plusSeconds(7200), Optional.empty(),
        at -> Instant.EPOCH).get(Instant.EPOCH).summary().conversations(), "the customer's first message makes it one");
    conversations.erase("acme", List.of("greeted", "test"));
    assertEquals(1, conversations.figures("acme", T0.minusSeconds(7200), T0.plusSeconds(7200), Optional.empty(),
        at -> Instant.EPOCH).get(Instant.EPOCH).summary().conversations(), "erasing a test takes nothing from the figures");
  }

  /**
   * A conversation the bot ended that the judge finds unresolved leaves containment, whole hours
   * (the rollups, changed as the score is written) and edges (the rows) alike, and is listed as
   * abandoned, not the bot's.
   */
  @OnEachDialect
  void aConversationTheJudgeFindsUnresolvedIsNotContainedNorListedAsTheBots(Dialect dialect) {
    JdbcConversations conversations = open(dialect);
    for (String id : List.of("helped", "misled")) save(closedByBot(row("acme", id, T0, "chat")));
    ConversationScores scores = new ConversationScores(database.dataSource());
    scores.record(new ConversationScores.Due("acme", "helped"),
        ConversationScore.scored(5, true, true, "friendly", "answered", T0.plusSeconds(120)));
    scores.record(new ConversationScores.Due("acme", "misled"),
        ConversationScore.scored(2, false, true, "neutral", "the refund was never explained", T0.plusSeconds(120)));

    for (Instant from : List.of(T0.minusSeconds(7200), T0.minusSeconds(60))) {
      var summary = conversations.figures("acme", from, T0.plusSeconds(7200), Optional.empty(), at -> Instant.EPOCH)
          .get(Instant.EPOCH).summary();
      assertEquals(Optional.of(0.5), summary.containment(), "from " + from);
    }
    assertEquals(List.of("helped"), listedAs(conversations, ResolvedBy.BOT));
    assertEquals(List.of("misled"), listedAs(conversations, ResolvedBy.ABANDONED));
    assertEquals(Optional.of(ResolvedBy.ABANDONED), conversations.find("acme", "misled").orElseThrow().resolution());
    Transactions.write(database.dataSource(), "compare the rollups", connection -> {
      assertEquals(Map.of(), RollupInvariant.differences(connection, "acme"));
      return null;
    });
  }

  private static List<String> listedAs(JdbcConversations conversations, ResolvedBy resolvedBy) {
    ConversationQuery query = new ConversationQuery("acme", Optional.empty(), Optional.empty(), Optional.empty(),
        List.of(), Optional.of(resolvedBy), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), false, List.of(), ConversationQuery.Order.OLDEST,
        Optional.empty(), 10);
    return conversations.page(query).conversations().stream().map(ConversationRow::sessionId).toList();
  }

  private static ConversationRow closedByBot(ConversationRow r) {
    return new ConversationRow(r.tenant(), r.sessionId(), r.userId(), r.channel(), r.startedAt(), r.lastEventAt(),
        Optional.of(r.startedAt().plusSeconds(60)), ConversationStatus.CLOSED, Optional.of(ResolvedBy.BOT),
        r.handoffAskedAt(), r.handoffTakenAt(), r.handoffWaitMs(), r.userMessages(), r.botMessages(), r.agentMessages(),
        r.notices(), r.unansweredSince(), r.firstResponseMs(), r.answerMsTotal(), r.answers(), r.promptTokens(),
        r.completionTokens(), r.pricedProvider(), r.costUsd(), r.leadScore(), r.leadQualified(), r.rating(), r.language(),
        r.voiceSeconds(), r.cachedAnswers(), r.savedTokens(), r.savedCostUsd(), r.tags(), r.test(), Optional.empty());
  }

  private static ConversationQuery listed(boolean tests) {
    return new ConversationQuery("acme", Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty(), tests, List.of(), ConversationQuery.Order.OLDEST, Optional.empty(), 10);
  }

  /** {@code r} with {@code userMessages} of its customer's, a test or not. */
  private static ConversationRow variant(ConversationRow r, int userMessages, boolean test) {
    return new ConversationRow(r.tenant(), r.sessionId(), r.userId(), r.channel(), r.startedAt(), r.lastEventAt(),
        r.closedAt(), r.status(), r.resolvedBy(), r.handoffAskedAt(), r.handoffTakenAt(), r.handoffWaitMs(), userMessages,
        r.botMessages(), r.agentMessages(), r.notices(), r.unansweredSince(), r.firstResponseMs(), r.answerMsTotal(),
        r.answers(), r.promptTokens(), r.completionTokens(), r.pricedProvider(), r.costUsd(), r.leadScore(),
        r.leadQualified(), r.rating(), r.language(), r.voiceSeconds(), r.cachedAnswers(), r.savedTokens(),
        r.savedCostUsd(), r.tags(), test, Optional.empty());
  }

  @OnEachDialect
  void aRowReadBackIsTheRowAsStored(Dialect dialect) {
    JdbcConversations conversations = open(dialect);
    Instant started = T0.plusNanos(123_456_789);
    Instant later = started.plusNanos(987_654_321);
    ConversationRow row = new ConversationRow("acme", "s1", Optional.of("ada"), "chat", started, later, Optional.of(later),
        ConversationStatus.CLOSED, Optional.of(ResolvedBy.BOT), Optional.of(started), Optional.of(later), Optional.of(864L),
        2, 2, 1, 0, Optional.of(later), Optional.of(500L), 900, 2, 100, 10, Optional.of("primary"), 0.1 + 0.2,
        Optional.of(70), true, Optional.of(5), Optional.of("de"), 12, 1, 40, 1e-7, List.of(), false, Optional.empty());
    save(row);

    ConversationRow read = conversations.find("acme", "s1").orElseThrow();
    assertEquals(read, ConversationTable.asStored(row));
    assertEquals(started.toEpochMilli(), read.startedAt().toEpochMilli());
    assertEquals(0, read.startedAt().getNano() % 1_000_000, "to the millisecond");
  }

  @OnEachDialect
void aRowWithoutWhatIsOptionalReadBackIsTheRowAsStored(Dialect dialect) {
    JdbcConversations conversations = open(dialect);
    Instant started = T0.plusNanos(5_000_001);
    ConversationRow row = new ConversationRow("acme", "s2", Optional.empty(), "voice", started, started, Optional.empty(),
        ConversationStatus.OPEN, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        0, 0, 0, 0, Optional.empty(), Optional.empty(), 0, 0, 0, 0, Optional.empty(), 0,
        Optional.empty(), false, Optional.empty(), Optional.empty(), 0, 0, 0, 0, List.of(), false, Optional.empty());
    save(row);

    assertEquals(ConversationTable.asStored(row), conversations.find("acme", "s2").orElseThrow());
  }

  /**
   * What the projection keeps for the export is on the conversation's row: none for a row projected
   * before (its export asks the session), untouched by the row's own writes (a node of the release
   * before writes rows naming none of it), and gone with the row when its session is erased.
   */
  @OnEachDialect
  void theExportsTextsStayWithTheRowAndGoWithItsErasure(Dialect dialect) {
    JdbcConversations conversations = open(dialect);
    ConversationRow row = row("acme", "s1", T0, "chat");
    save(row);
    assertEquals(Optional.empty(), conversations.texts("acme", "s1"), "a row projected before keeps none");
    ConversationTexts kept = new ConversationTexts("{\"redacts\":true}", Optional.of("Mail me at \uE000EMAIL:42\uE001"),
        "[{\"tool\":\"cancel_order\"}]");
    Transactions.write(database.dataSource(), "keep the texts", connection -> {
      ConversationTexts.write(connection, "acme", "s1", kept);
      return null;
    });
    save(variant(row, 3, false));
    assertEquals(Optional.of(kept), conversations.texts("acme", "s1"), "the row's own writes leave them");
    conversations.erase("acme", List.of("s1"));
    assertEquals(Optional.empty(), conversations.texts("acme", "s1"), "erased with the row");
  }

  private JdbcConversations open(Dialect dialect) {
    database = databases.open(dialect);
    return new JdbcConversations(database.dataSource());
  }

  private void save(ConversationRow row) {
    Transactions.write(database.dataSource(), "save a conversation", connection -> {
      ConversationTable.save(connection, row);
      return null;
    });
  }

  /** The vip conversations of acme, two a page, every page followed by its cursor. */
  private static ConversationQuery query(Optional<String> channel, ConversationQuery.Order order) {
    return new ConversationQuery("acme", Optional.empty(), Optional.empty(), channel, List.of(), Optional.empty(),
        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("vip"), Optional.empty(), Optional.empty(), false, List.of(), order,
        Optional.empty(), 2);
  }

  private static List<String> ids(JdbcConversations conversations, ConversationQuery first) {
    List<String> ids = new ArrayList<>();
    ConversationQuery query = first;
    while (true) {
      ConversationPage page = conversations.page(query);
      page.conversations().forEach(row -> {
        assertEquals(List.of("vip"), row.tags(), row.sessionId());
        ids.add(row.sessionId());
      });
      if (page.next().isEmpty()) return ids;
      query = first.after(page.next().get());
    }
  }

  private static ConversationRow row(String tenant, String sessionId, Instant startedAt, String channel) {
    return new ConversationRow(tenant, sessionId, Optional.empty(), channel, startedAt, startedAt, Optional.empty(),
        ConversationStatus.OPEN, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 1, 1, 0, 0,
        Optional.empty(), Optional.of(500L), 500, 1, 100, 10, Optional.of("primary"), 0.001, Optional.empty(), false,
        Optional.empty(), Optional.empty(), 0, 0, 0, 0, List.of(), false, Optional.empty());
  }
}
