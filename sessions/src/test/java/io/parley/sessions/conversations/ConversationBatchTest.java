package io.parley.sessions.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.bot.ConversationEvents;
import io.parley.core.erasure.DataKeyStore;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.erasure.NewDataKey;
import io.parley.core.llm.TokenUsage;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.search.BlindIndex;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.SessionId;
import io.parley.core.testing.ClassResource;
import io.parley.persistence.Database;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.persistence.conversations.RollupInvariant;
import io.parley.persistence.testing.TestH2;
import io.parley.sessions.FreshEvents;
import io.parley.sessions.entity.ChatSession;
import io.parley.sessions.entity.SessionEvent;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch of journal events, several of one conversation and several conversations interleaved,
 * leaves the same rows (with the texts the export prints), search terms, article counts, procedure
 * runs and webhook outbox (in each conversation's order) as the same events folded one transaction
 * each (docs/analytics.md#batches), and rollups
 * that are the sums of the rows (the erased session's share gone with its row).
 */
class ConversationBatchTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00.123456789Z");
  @RegisterExtension
  static final ClassResource<ActorTestKit> kit = ClassResource.of(ActorTestKit::create, ActorTestKit::shutdownTestKit);
  private final ActorTestKit testKit = kit.get();
  private static final SessionId ADA = SessionId.random("acme");
  private static final SessionId BEA = SessionId.random("acme");
  private static final SessionId CYD = SessionId.random("acme");
  private static final SessionId DAN = SessionId.random("acme");

  @TempDir
  Path dataDir;

  @Test
  void aBatchFoldsToWhatOneEventAtATimeFolds() throws Exception {
    List<EventEnvelope<Object>> journal = journal();
    Map<String, List<List<Object>>> oneAtATime = fold(dataDir.resolve("single"), journal, 1);
    assertEquals(2, oneAtATime.get("conversation").size(), "the erased session and the untagged one have no row");
    assertEquals(List.of(List.of("refund", "refund.steps[2]", "abandoned"), List.of("address", "address.steps[0]", "completed"),
        List.of("refund", "refund.steps[2]", "handed_over")), oneAtATime.get("procedure_run"),
        "a run waiting at its close is abandoned, one past its last step completed; the erased session's run is gone");
    assertEquals(oneAtATime, fold(dataDir.resolve("whole"), journal, journal.size()), "one batch of everything");
    assertEquals(oneAtATime, fold(dataDir.resolve("split"), journal, 5), "batches cutting conversations in two");
    assertEquals(oneAtATime, fold(dataDir.resolve("restarted"), journal, 5, false, true),
        "a new handler for each batch, as after a restart: every row read back from the table");
  }

  @Test
  void aBatchRolledBackAndFoldedAgainLeavesWhatItWouldHaveLeftAtOnce() throws Exception {
    // The handler remembers the search terms a committed batch wrote, so as not to send them again;
    // a batch rolled back wrote none of its own, and the same batch folded again must write them.
    List<EventEnvelope<Object>> journal = journal();
    assertEquals(fold(dataDir.resolve("single"), journal, 1), fold(dataDir.resolve("retried"), journal, 3, true, false));
  }

  private Map<String, List<List<Object>>> fold(Path dir, List<EventEnvelope<Object>> journal, int batchSize)
      throws Exception {
    return fold(dir, journal, batchSize, false, false);
  }

  /**
   * Folds {@code journal} in batches of {@code batchSize}, each its own transaction (with {@code
   * rolledBackFirst}, each rolled back once before it commits; with {@code restarted}, each by a new
   * handler); returns the tables.
   */
  private Map<String, List<List<Object>>> fold(Path dir, List<EventEnvelope<Object>> journal, int batchSize,
      boolean rolledBackFirst, boolean restarted) throws Exception {
    try (Database database = Database.open(TestH2.migratedIn(dir))) {
      database.migrate();
      ConversationHandler handler = handler();
      for (int from = 0; from < journal.size(); from += batchSize) {
        if (restarted) handler = handler();
        List<EventEnvelope<Object>> batch = journal.subList(from, Math.min(journal.size(), from + batchSize));
        if (rolledBackFirst) {
          PooledJdbcSession failed = new PooledJdbcSession(database.dataSource());
          handler.process(failed, batch);
          failed.rollback();
          failed.close();
        }
        PooledJdbcSession session = new PooledJdbcSession(database.dataSource());
        handler.process(session, batch);
        session.commit();
        session.close();
      }
      try (Connection connection = database.dataSource().getConnection()) {
        assertEquals(Map.of(), RollupInvariant.differences(connection, "acme"),
            "rollups that differ from the sum of their rows, in batches of " + batchSize);
        Map<String, List<List<Object>>> tables = new HashMap<>();
        tables.put("rollup keys", rows(connection,
            "SELECT tenant, started_hour, channel, language, conversations FROM conversation_rollup ORDER BY channel"));
        tables.put("conversation", rows(connection, "SELECT * FROM conversation ORDER BY session_id"));
        tables.put("conversation_term", rows(connection,
            "SELECT tenant, term, session_id FROM conversation_term ORDER BY session_id, term"));
        tables.put("procedure_run", rows(connection,
            "SELECT procedure_name, step, outcome FROM procedure_run ORDER BY outcome"));
        tables.put("procedure_run times", rows(connection,
            "SELECT session_id, run_id, started_at, ended_at FROM procedure_run ORDER BY session_id"));
        tables.put("webhook_delivery", rows(connection,
            "SELECT session_id, event_seq, event FROM webhook_delivery ORDER BY session_id, created_at, event_seq"));
        return tables;
      }
    }
  }

  private ConversationHandler handler() {
    return handler(ConversationTurns.NONE);
  }

  private ConversationHandler handler(ConversationTurns turns) {
    return new ConversationHandler(new NoKeys(), FreshEvents.none(),
        SerializationExtension.get(testKit.system().classicSystem()),
        new ConversationFold(new ModelPrices(Map.of("primary", new ModelPrices.Price(1.0, 4.0)), "primary")),
        "sessions-0", new ProjectionLag(new PrometheusRegistry()), Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC),
        tenant -> List.copyOf(ConversationEvents.NAMES), new BlindIndex(new byte[32]),
        new ExportTexts(new BlindIndex(new byte[32]), true), turns);
  }

  /** Folds {@code batch} in a transaction of its own, committed. */
  private static void commit(ConversationHandler handler, Database database, List<EventEnvelope<Object>> batch)
      throws Exception {
    PooledJdbcSession session = new PooledJdbcSession(database.dataSource());
    handler.process(session, batch);
    session.commit();
    session.close();
  }

  @Test
  void aRowErasedBetweenTwoBatchesIsNotWrittenAgainNorAreItsEventsHeard() throws Exception {
    // The handler folds a session's next batch on the row it wrote last, without reading it.
    List<EventEnvelope<Object>> journal = journal();
    try (Database database = Database.open(TestH2.migratedIn(dataDir))) {
      database.migrate();
      ConversationHandler handler = handler();
      commit(handler, database, journal.subList(0, 5));
      assertEquals(1, new JdbcConversations(database.dataSource()).erase("acme", List.of(ADA.wireId())));
      commit(handler, database, journal.subList(5, journal.size()));

      try (Connection connection = database.dataSource().getConnection()) {
        assertEquals(List.of(List.of(BEA.wireId())), rows(connection, "SELECT session_id FROM conversation"));
        assertEquals(List.of(List.of(1L), List.of(2L), List.of(3L)), rows(connection,
            "SELECT event_seq FROM webhook_delivery WHERE session_id = '" + ADA.wireId() + "' ORDER BY event_seq"),
            "what ADA's first batch heard (started, the customer's message, the answer); nothing after the erasure");
        assertEquals(List.of(), rows(connection,
            "SELECT term FROM conversation_term WHERE session_id = '" + ADA.wireId() + "'"));
        assertEquals(Map.of(), RollupInvariant.differences(connection, "acme"));
      }
    }
  }

  @Test
  void theTenantIsToldOfConversationsBegunAndClosedOnceCommittedNeverOfTheirLaterMessages() throws Exception {
    List<EventEnvelope<Object>> journal = journal();
    List<String> told = new ArrayList<>();
    ConversationHandler handler = handler(told::add);
    try (Database database = Database.open(TestH2.migratedIn(dataDir.resolve("single")))) {
      database.migrate();
      for (EventEnvelope<Object> event : journal) {
        List<String> before = List.copyOf(told);
        PooledJdbcSession failed = new PooledJdbcSession(database.dataSource());
        handler.process(failed, List.of(event));
        failed.rollback();
        failed.close();
        assertEquals(before, told, "a batch rolled back tells nothing");
        commit(handler, database, List.of(event));
      }
    }
    assertEquals(List.of("acme", "acme", "acme", "acme", "acme"), told,
        "ADA's, BEA's and CYD's first messages, BEA and ADA closed: five of the journal's 21 events; no start"
            + " nor later message, nor the untagged session");
    told.clear();
    try (Database database = Database.open(TestH2.migratedIn(dataDir.resolve("whole")))) {
      database.migrate();
      commit(handler(told::add), database, journal);
    }
    assertEquals(List.of("acme"), told, "once a batch, however many it began and closed");
  }

  @Test
  void theTenantIsToldOfACustomersRatingOfAClosedConversation() throws Exception {
    List<EventEnvelope<Object>> journal = journalOf(new Object[][] {
        {ADA, new SessionEvent.SessionStarted("acme", Optional.of("ada"), Channel.CHAT, T0)},
        {ADA, user(1, "where is my parcel", 2)},
        {ADA, new SessionEvent.SessionClosed("resolved", at(3))},
        {ADA, new SessionEvent.Rated(4, Optional.of("Quick and clear"), at(4))},
    });
    List<String> told = new ArrayList<>();
    ConversationHandler handler = handler(told::add);
    try (Database database = Database.open(TestH2.migratedIn(dataDir.resolve("rated")))) {
      database.migrate();
      for (EventEnvelope<Object> event : journal) commit(handler, database, List.of(event));
    }
    assertEquals(List.of("acme", "acme", "acme"), told, "its first message, its close and its rating");
  }

  /** Four conversations interleaved as a slice reads them; one of them erased halfway. */
  private static List<EventEnvelope<Object>> journal() {
    Object[][] events = {
        {ADA, new SessionEvent.SessionStarted("acme", Optional.of("ada"), Channel.CHAT, T0)},
        {BEA, new SessionEvent.SessionStarted("acme", Optional.empty(), Channel.VOICE, at(1))},
        {ADA, user(1, "where is my parcel", 2)},
        {BEA, user(1, "I want to cancel", 3)},
        {ADA, answer(2, "it left the depot today", 4, 100, 20)},
        {CYD, new SessionEvent.SessionStarted("acme", Optional.of("cyd"), Channel.CHAT, at(5))},
        {ADA, user(3, "thanks, and the invoice?", 10)},
        {ADA, new SessionEvent.ProcedureStarted("run-a", "refund", "{}", "turn-3", at(10))},
        {CYD, user(1, "delete my data", 11)},
        {CYD, new SessionEvent.ProcedureStarted("run-c", "refund", "{}", "turn-1", at(11))},
        {ADA, new SessionEvent.ProcedureAsked("run-a", "refund.steps[2]", 1, Optional.empty(), at(11))},
        {BEA, new SessionEvent.ProcedureStarted("run-b", "refund", "{}", "turn-1", at(11))},
        {ADA, new SessionEvent.ProcedureStarted("run-d", "address", "{}", "turn-3", at(11))},
        {ADA, new SessionEvent.ProcedureStepDone("run-d", "address.steps[0]", Optional.empty(), at(11))},
        {BEA, new SessionEvent.ProcedureEnded("run-b", "refund.steps[2]", ProcedureRun.Status.HANDED_OVER, "asked 3 times",
            at(11))},
        {BEA, answer(2, "your plan is cancelled", 12, 50, 10)},
        {CYD, new SessionEvent.ContentErased()},
        {ADA, answer(4, "attached to your account", 14, 200, 30)},
        {DAN, user(1, "a session from before tagging has no row", 15)},
        {BEA, new SessionEvent.SessionClosed("resolved", at(20))},
        {ADA, new SessionEvent.SessionClosed("resolved", at(30))},
    };
    return journalOf(events);
  }

  private static List<EventEnvelope<Object>> journalOf(Object[][] events) {
    List<EventEnvelope<Object>> journal = new ArrayList<>();
    Map<SessionId, Long> seqs = new HashMap<>();
    for (Object[] event : events) {
      SessionId id = (SessionId) event[0];
      long seq = seqs.merge(id, 1L, Long::sum);
      String persistenceId = PersistenceId.of(ChatSession.ENTITY_KEY.name(), id.entityId()).id();
      journal.add(EventEnvelope.create(Offset.sequence(journal.size() + 1), persistenceId, seq, event[1],
          T0.toEpochMilli() + journal.size()));
    }
    return journal;
  }

  /**
   * {@code seconds} after the first event, and a part of a millisecond more that differs from one
   * event to the next: the table keeps milliseconds, and a row folded on as the handler wrote it or
   * as it was read back (after a restart) must count the same waits and response times.
   */
  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds).plusNanos(seconds * 370_001L % 1_000_000L);
  }

  private static SessionEvent user(long seq, String text, long afterSeconds) {
    return new SessionEvent.UserMessageAppended(seq, "c-" + seq, text, "turn-" + seq, at(afterSeconds));
  }

  private static SessionEvent answer(long seq, String text, long afterSeconds, int prompt, int completion) {
    return new SessionEvent.AssistantMessageAppended(seq, "turn-" + (seq - 1), text, AnswerSource.LLM,
        Optional.of(new TokenUsage(prompt, completion)), at(afterSeconds));
  }

  private static List<List<Object>> rows(Connection connection, String query) throws Exception {
    List<List<Object>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
      ResultSetMetaData columns = result.getMetaData();
      while (result.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns.getColumnCount(); i++) row.add(result.getObject(i));
        rows.add(row);
      }
    }
    return rows;
  }

  /** Journal events stored unsealed, as sessions from before sealing wrote them: no key to look up. */
  private static final class NoKeys implements DataKeyStore {
    @Override
    public KeyLookup find(SessionId session) {
      return new KeyLookup.Absent();
    }

    @Override
    public NewDataKey newKey(SessionId session, Optional<String> userId) {
      throw new UnsupportedOperationException("the projection makes no keys");
    }

    @Override
    public List<SessionId> sessionsOf(String tenant, String userId) {
      throw new UnsupportedOperationException("the projection lists no keys");
    }

    @Override
    public List<String> tenants() {
      throw new UnsupportedOperationException("the projection lists no keys");
    }

    @Override
    public List<SessionId> sessionsStartedBefore(String tenant, Instant instant) {
      throw new UnsupportedOperationException("the projection lists no keys");
    }

    @Override
    public int erase(List<SessionId> sessions) {
      throw new UnsupportedOperationException("the projection erases no keys");
    }
  }
}
