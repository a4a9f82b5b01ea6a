package io.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.core.erasure.KeyLookup;
import io.parley.core.erasure.NewDataKey;
import io.parley.core.erasure.Sealing;
import io.parley.core.session.SessionId;
import io.parley.persistence.keys.JdbcDataKeys;
import io.parley.persistence.testing.DialectDatabases;
import io.parley.persistence.testing.OnEachDialect;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.EventEnvelope;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parley's journal write path against pekko-persistence-jdbc's own, on both databases: the same
 * rows and tags, read back by the plugin's recovery and read journal, and every write of many
 * entities writing at once committed.
 */
class DirectWriteJournalTest {
  private static final Duration WAIT = Duration.ofSeconds(15);
  /** pekko-persistence-jdbc's journal as it comes, to compare against. */
  private static final Config PLUGIN_WRITES = ConfigFactory.parseString(String.join("\n",
      "jdbc-journal.class = \"org.apache.pekko.persistence.jdbc.journal.JdbcAsyncWriteJournal\"",
      "jdbc-journal.plugin-dispatcher = \"pekko.actor.default-dispatcher\""));

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  @OnEachDialect
  void writesTheRowsAndTagsThePluginWritesAndReads(Dialect dialect) throws Exception {
    Database database = databases.open(dialect);
    Config direct = config(database);
    withSystem("plugin", PLUGIN_WRITES.withFallback(direct), kit -> addAll(kit, "by-plugin", 1, 2, 3, 4));
    withSystem("direct", direct, kit -> addAll(kit, "direct", 1, 2, 3, 4));

    assertEquals(rows(database.dataSource(), "Counter|by-plugin"), rows(database.dataSource(), "Counter|direct"));
    assertEquals(List.of("1 odd", "2 even", "3 odd", "4 even"), tags(database.dataSource(), "Counter|direct"));

    // Recovery and the read journal are the plugin's, whichever path wrote the rows.
    for (Config config : List.of(direct, PLUGIN_WRITES.withFallback(direct))) {
      withSystem("reader", config, kit -> {
        assertEquals(10, total(kit, "direct"));
        assertEquals(10, total(kit, "by-plugin"));
        assertEquals(List.of("Counter|by-plugin#1", "Counter|by-plugin#3", "Counter|direct#1", "Counter|direct#3"),
            ids(eventsByTag(kit, "odd")));
      });
    }
  }

  @OnEachDialect
  void commitsEveryWriteOfEntitiesWritingAtOnce(Dialect dialect) throws Exception {
    int entities = 20;
    int adds = 10;
    writeAndRecover(config(databases.open(dialect)), entities, adds, Counter::create, (kit, counters) -> {
      TestProbe<Integer> totals = kit.createTestProbe();
      // Every add is sent before any is written, so the journal has many writes waiting at once.
      addToEach(counters, adds, totals);
      totals.receiveSeveralMessages(entities * adds, WAIT);
    });
  }

  @OnEachDialect
  void aRowTheDatabaseRefusesFailsOnlyTheWriteThatBroughtIt(Dialect dialect) throws Exception {
    Database database = databases.open(dialect);
    int entities = 10;
    int adds = 3;
    writeAndRecover(config(database), entities, adds, Counter::untagged, (kit, counters) -> {
      ActorRef<Counter.Command> blocked = kit.spawn(Counter.untagged("blocked"));
      ActorRef<Counter.Command> taken = kit.spawn(Counter.untagged("taken"));
      TestProbe<Integer> refused = kit.createTestProbe();
      for (ActorRef<Counter.Command> entity : List.of(blocked, taken)) {
        entity.tell(new Counter.Get(refused.ref()));
        assertEquals(0, refused.receiveMessage(WAIT));
      }
      // Other incarnations of two counters wrote their first event meanwhile: "taken"'s committed,
      // "blocked"'s not yet, so the journal's insert of "blocked" waits for it while the other
      // counters' writes queue up behind, to be committed together with "taken"'s refused one.
      insertFirstEvent(database.dataSource(), "Counter|taken");
      try (Connection otherIncarnation = database.dataSource().getConnection()) {
        otherIncarnation.setAutoCommit(false);
        insertFirstEvent(otherIncarnation, "Counter|blocked");
        blocked.tell(new Counter.Add(1, refused.ref()));
        pause(Duration.ofMillis(500));
        taken.tell(new Counter.Add(1, refused.ref()));
        TestProbe<Integer> totals = kit.createTestProbe();
        addToEach(counters, adds, totals);
        pause(Duration.ofMillis(500));
        otherIncarnation.commit();
        totals.receiveSeveralMessages(entities * adds, WAIT);
        refused.expectNoMessage(Duration.ofSeconds(1));
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @OnEachDialect
  void aFirstEventStoresTheNewDataKeyItBringsAndARefusedOneStoresNeither(Dialect dialect) throws Exception {
    Database database = databases.open(dialect);
    JdbcDataKeys keys = JdbcDataKeys.open(database.dataSource(), Optional.of(Sealing.newKey()), Clock.systemUTC());
    SessionId started = SessionId.random("acme");
    SessionId refused = SessionId.random("acme");
    NewDataKey startedKey = keys.newKey(started, Optional.of("ada"));
    withSystem("keyed", config(database), kit -> {
      TestProbe<Integer> totals = kit.createTestProbe();
      kit.spawn(Counter.untagged("started")).tell(new Counter.AddWithKey(1, startedKey, totals.ref()));
      assertEquals(1, totals.receiveMessage(WAIT));

      ActorRef<Counter.Command> taken = kit.spawn(Counter.untagged("refused"));
      taken.tell(new Counter.Get(totals.ref()));
      assertEquals(0, totals.receiveMessage(WAIT));
      insertFirstEvent(database.dataSource(), "Counter|refused");
      taken.tell(new Counter.AddWithKey(1, keys.newKey(refused, Optional.of("ada")), totals.ref()));
      totals.expectNoMessage(Duration.ofSeconds(1));
    });
    KeyLookup.Found found = assertInstanceOf(KeyLookup.Found.class, keys.find(started));
    assertEquals(startedKey.key().keyId(), found.key().keyId());
    assertInstanceOf(KeyLookup.Absent.class, keys.find(refused), "the key of a refused first event is not stored");
    assertEquals(List.of(started), keys.sessionsOf("acme", "ada"));
  }

  @Test
  void tellsARefusedRowFromAnUnreachableDatabase() {
    BatchUpdateException batch = new BatchUpdateException("batch failed", "HY000", 0, new int[0]);
    batch.setNextException(new SQLException("duplicate key", "23505"));
    assertTrue(DirectWriteJournal.rowRefused(new IllegalStateException(batch)));
    assertTrue(DirectWriteJournal.rowRefused(new SQLException("value too long for its column", "22001")));
    assertFalse(DirectWriteJournal.rowRefused(new SQLException("connection refused", "08001")));
    assertFalse(DirectWriteJournal.rowRefused(new IllegalStateException("no SQL state")));
  }

  @OnEachDialect
  void theQueryByTagReadsItsTagsEventsAfterAnOffsetFromTheTagsIndex(Dialect dialect) throws Exception {
    Database database = databases.open(dialect);
    Config config = config(database);
    assertEquals(TagRangeReadJournalDao.class.getName(), config.getString("jdbc-read-journal.dao"));
    withSystem("tagged", config, kit -> {
      addAll(kit, "first", 1, 2, 3);
      addAll(kit, "second", 5, 6, 7);
      List<EventEnvelope> odd = eventsByTag(kit, "odd", Offset.noOffset());
      assertEquals(List.of("Counter|first#1", "Counter|first#3", "Counter|second#1", "Counter|second#3"), ids(odd));
      assertEquals(List.of("Counter|second#1", "Counter|second#3"), ids(eventsByTag(kit, "odd", odd.get(1).offset())));
      assertEquals(List.of(), ids(eventsByTag(kit, "odd", odd.get(3).offset())), "nothing after the last");
      aReaderFollowingTheHeadReadsTheSameEventsAndWaitsForItsTag(kit);
    });
    if (dialect == Dialect.POSTGRES) {
      // However few rows the tables hold, the tag's own index can serve the query.
      try (Connection connection = database.dataSource().getConnection();
          PreparedStatement plan = connection.prepareStatement("EXPLAIN " + TagRangeReadJournalDao.EVENTS_BY_TAG)) {
        connection.createStatement().execute("SET enable_seqscan = off");
        plan.setString(1, "odd");
        plan.setLong(2, 0);
        plan.setLong(3, 100);
        plan.setLong(4, 10);
        StringBuilder lines = new StringBuilder();
        try (ResultSet rows = plan.executeQuery()) {
          while (rows.next()) lines.append(rows.getString(1)).append('\n');
        }
        assertTrue(lines.toString().contains("event_tag_tag"), lines.toString());
      }
    }
  }

  /**
   * A slice's reading as the conversations projection does it: pages up to the head, then waiting on
   * it until its own tag is written.
   */
  private static void aReaderFollowingTheHeadReadsTheSameEventsAndWaitsForItsTag(ActorTestKit kit) {
    org.apache.pekko.persistence.jdbc.query.scaladsl.JdbcReadJournal journal = scaladslJournal(kit);
    JournalHead head = new JournalHead(Adapter.toClassic(kit.system()), journal);
    TagRangeReadJournalDao tagged = (TagRangeReadJournalDao) journal.readJournalDao();
    long until = await(head.after("odd", 0));
    List<TaggedEvent> odd = await(tagged.tagged("odd", 0, until, 10));
    assertEquals(List.of("Counter|first#1", "Counter|first#3", "Counter|second#1", "Counter|second#3"), taggedIds(odd));
    assertEquals(List.of(new Counter.Added(1), new Counter.Added(3), new Counter.Added(5), new Counter.Added(7)),
        odd.stream().map(TaggedEvent::event).toList(), "deserialized as written");
    assertEquals(taggedIds(odd.subList(1, 3)), taggedIds(await(tagged.tagged("odd", odd.get(0).ordering(), until, 2))),
        "a page after an offset, of at most the size asked");
    assertEquals(until, await(head.after("even", 0)), "a tag the first head may hold is read at once");

    CompletableFuture<Long> oddMoved = head.after("odd", until).toCompletableFuture();
    CompletableFuture<Long> evenMoved = head.after("even", until).toCompletableFuture();
    pause(Duration.ofMillis(600));
    assertFalse(oddMoved.isDone(), "the head does not move while nothing is written");
    addAll(kit, "third", 9);
    long next = await(oddMoved);
    assertTrue(next > until, next + " after " + until);
    assertEquals(List.of("Counter|third#1"), taggedIds(await(tagged.tagged("odd", until, next, 10))));
    assertEquals(next, await(head.after("odd", until)), "at once when the tag is already written past");
    assertEquals(Set.of("odd"), await(tagged.tagsWritten(until, next)));
    pause(Duration.ofMillis(600));
    assertFalse(evenMoved.isDone(), "a reader whose tag was not written waits on");

    addAll(kit, "fourth", 2);
    long even = await(evenMoved);
    assertEquals(List.of("Counter|fourth#1"), taggedIds(await(tagged.tagged("even", until, even, 10))),
        "the reader that waited reads from where it stood");
  }

  private static org.apache.pekko.persistence.jdbc.query.scaladsl.JdbcReadJournal scaladslJournal(ActorTestKit kit) {
    return PersistenceQuery.get(Adapter.toClassic(kit.system())).readJournalFor(JdbcReadJournal.Identifier());
  }

  private static List<String> taggedIds(List<TaggedEvent> events) {
    return events.stream().map(event -> event.persistenceId() + "#" + event.sequenceNr()).toList();
  }

  private static <T> T await(CompletionStage<T> stage) {
    try {
      return stage.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Counters c0, c1, ... of {@code count}. */
  private static List<ActorRef<Counter.Command>> spawnCounters(ActorTestKit kit, int count,
      Function<String, Behavior<Counter.Command>> counter) {
    return IntStream.range(0, count).mapToObj(i -> kit.spawn(counter.apply("c" + i))).toList();
  }

  /** Adds 1, 2, ... {@code adds} to every counter, each add sent before any is written. */
  private static void addToEach(List<ActorRef<Counter.Command>> counters, int adds, TestProbe<Integer> totals) {
    for (int amount = 1; amount <= adds; amount++) {
      for (ActorRef<Counter.Command> counter : counters) {
        counter.tell(new Counter.Add(amount, totals.ref()));
      }
    }
  }

  /**
   * Lets {@code writes} send the {@code entities} counters that {@code counter} makes {@code adds} adds
   * each (1 to {@code adds}), then checks that each counter recovers their sum in a new system.
   */
  private static void writeAndRecover(Config config, int entities, int adds,
      Function<String, Behavior<Counter.Command>> counter, BiConsumer<ActorTestKit, List<ActorRef<Counter.Command>>> writes) {
    withSystem("writers", config, kit -> writes.accept(kit, spawnCounters(kit, entities, counter)));
    assertEveryCounterRecoversItsAdds(config, entities, adds);
  }

  private static void assertEveryCounterRecoversItsAdds(Config config, int entities, int adds) {
    withSystem("recovered", config, kit -> {
      for (int i = 0; i < entities; i++) {
        assertEquals(adds * (adds + 1) / 2, total(kit, "c" + i));
      }
    });
  }

  private static void insertFirstEvent(DataSource dataSource, String persistenceId) {
    try (Connection connection = dataSource.getConnection()) {
      insertFirstEvent(connection, persistenceId);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void insertFirstEvent(Connection connection, String persistenceId) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO event_journal (deleted, persistence_id,"
        + " sequence_number, writer, write_timestamp, adapter_manifest, event_payload, event_ser_id, event_ser_manifest)"
        + " VALUES (FALSE, ?, 1, 'another-incarnation', 0, '', ?, 0, '')")) {
      insert.setString(1, persistenceId);
      insert.setBytes(2, new byte[] {0});
      insert.executeUpdate();
    }
  }

  /** Real time passing: a write that would happen has its chance to, and one held by a lock stays held. */
  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Config config(Database database) {
    return JournalConfig.overlay(database.settings()).withFallback(JournalRoundTripTest.TEST_CONFIG)
        .withFallback(ConfigFactory.load());
  }

  private static void withSystem(String name, Config config, Consumer<ActorTestKit> body) {
    ActorTestKit kit = ActorTestKit.create(name, config);
    try {
      body.accept(kit);
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static void addAll(ActorTestKit kit, String id, int... amounts) {
    ActorRef<Counter.Command> counter = kit.spawn(Counter.create(id));
    TestProbe<Integer> totals = kit.createTestProbe();
    for (int amount : amounts) {
      counter.tell(new Counter.Add(amount, totals.ref()));
      totals.receiveMessage(WAIT);
    }
  }

  private static int total(ActorTestKit kit, String id) {
    ActorRef<Counter.Command> counter = kit.spawn(Counter.create(id));
    TestProbe<Integer> totals = kit.createTestProbe();
    counter.tell(new Counter.Get(totals.ref()));
    return totals.receiveMessage(WAIT);
  }

  private static List<String> ids(List<EventEnvelope> envelopes) {
    return envelopes.stream().map(envelope -> envelope.persistenceId() + "#" + envelope.sequenceNr()).toList();
  }

  private static List<EventEnvelope> eventsByTag(ActorTestKit kit, String tag) {
    return eventsByTag(kit, tag, Offset.noOffset());
  }

  private static List<EventEnvelope> eventsByTag(ActorTestKit kit, String tag, Offset after) {
    // Over the Scala read journal JournalHead follows: the Java one PersistenceQuery keeps is another
    // instance, whose sequence actor would take the same name.
    JdbcReadJournal journal = new JdbcReadJournal(scaladslJournal(kit));
    try {
      return journal.currentEventsByTag(tag, after).runWith(Sink.seq(), kit.system())
          .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every column the plugin reads, but the database's ordering and the write's timestamp and writer. */
  private static List<String> rows(DataSource dataSource, String persistenceId) throws SQLException {
    HexFormat hex = HexFormat.of();
    return eachRow(dataSource, "SELECT deleted, sequence_number, adapter_manifest, event_ser_id, event_ser_manifest,"
        + " event_payload, meta_ser_id, meta_ser_manifest, meta_payload, write_timestamp, writer FROM event_journal"
        + " WHERE persistence_id = ? ORDER BY sequence_number", persistenceId, row -> {
          byte[] meta = row.getBytes(9);
          return String.join(" ", String.valueOf(row.getBoolean(1)), String.valueOf(row.getLong(2)),
              row.getString(3), String.valueOf(row.getInt(4)), row.getString(5), hex.formatHex(row.getBytes(6)),
              String.valueOf(row.getObject(7)), String.valueOf(row.getString(8)),
              meta == null ? "null" : hex.formatHex(meta), String.valueOf(row.getLong(10) > 0),
              String.valueOf(!row.getString(11).isEmpty()));
        });
  }

  private static List<String> tags(DataSource dataSource, String persistenceId) throws SQLException {
    return eachRow(dataSource, "SELECT j.sequence_number, t.tag FROM event_tag t JOIN event_journal j"
        + " ON j.ordering = t.event_id WHERE j.persistence_id = ? ORDER BY j.sequence_number", persistenceId,
        row -> row.getLong(1) + " " + row.getString(2));
  }

  /** One row's text. */
  private interface RowText {
    String of(ResultSet row) throws SQLException;
  }

  /** The text of each row {@code select} finds for one persistence id. */
  private static List<String> eachRow(DataSource dataSource, String select, String persistenceId, RowText text)
      throws SQLException {
    List<String> texts = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(select)) {
      statement.setString(1, persistenceId);
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) texts.add(text.of(row));
      }
    }
    return texts;
  }
}
