package io.parley.persistence;

import com.typesafe.config.Config;
import io.parley.core.erasure.NewDataKey;
import io.parley.persistence.keys.JdbcDataKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.japi.pf.ReceiveBuilder;
import org.apache.pekko.persistence.AtomicWrite;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.jdbc.journal.JdbcAsyncWriteJournal;
import org.apache.pekko.persistence.journal.Tagged;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import scala.PartialFunction;
import scala.concurrent.Future;
import scala.concurrent.Promise;
import scala.concurrent.Promise$;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.BoxedUnit;
import scala.util.Failure;
import scala.util.Success;
import scala.util.Try;

/**
 * pekko-persistence-jdbc's journal with its own write path: the rows go to the same
 * {@code event_journal} and {@code event_tag} tables, as the plugin writes them, so recovery, deletion
 * and the read journal stay the plugin's. The plugin's path to the database crosses five threads
 * (its write-queue stream, Slick's executor, a callback, the resequencer) that each park between
 * a customer's messages; on two cores waking them cost more than the write. Here the journal actor
 * writes on its own thread (a dispatcher of its own, {@code parley.journal-dispatcher}) with
 * plain JDBC and completes the write there, so the entity hears back one hand-off after the
 * commit. Writes that arrive while one is committed are committed together: a write asks for a
 * {@link Flush} behind whatever is already in the mailbox, and the flush takes all of them. When
 * the database refuses one of them, the others are not failed with it. A session's first event
 * brings the session's new data key ({@link NewDataKey.Carrier}), stored in the same transaction.
 */
public class DirectWriteJournal extends JdbcAsyncWriteJournal {
  private static final String INSERT_EVENT = "INSERT INTO \"event_journal\" (\"deleted\", \"persistence_id\","
      + " \"sequence_number\", \"writer\", \"write_timestamp\", \"adapter_manifest\", \"event_payload\","
      + " \"event_ser_id\", \"event_ser_manifest\", \"meta_payload\", \"meta_ser_id\", \"meta_ser_manifest\")"
      + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT_TAG = "INSERT INTO \"event_tag\" (\"event_id\", \"tag\") VALUES (?, ?)";

  /** Commit what is waiting. */
  private enum Flush { INSTANCE }

  /** One event's row, and the new data key of its session when the event brings one to store with it. */
  private record Row(PersistentRepr repr, Serialized event, Serialized meta, Set<String> tags,
      Optional<NewDataKey> newKey) {}

  private record Serialized(int serializerId, String manifest, byte[] bytes) {}

  /** One {@code asyncWriteMessages} call: its rows, and what its future completes with once they are committed. */
  private record PendingWrite(List<Row> rows, scala.collection.immutable.Seq<Try<BoxedUnit>> results,
      Promise<scala.collection.immutable.Seq<Try<BoxedUnit>>> written) {}

  private final Serialization serialization = SerializationExtension.get(context().system());
  private final List<PendingWrite> pending = new ArrayList<>();

  public DirectWriteJournal(Config config) {
    super(config);
  }

  @Override
  public Future<scala.collection.immutable.Seq<Try<BoxedUnit>>> asyncWriteMessages(
      scala.collection.immutable.Seq<AtomicWrite> messages) {
    long now = System.currentTimeMillis();
    List<Row> rows = new ArrayList<>();
    List<Try<BoxedUnit>> results = new ArrayList<>();
    boolean allSerialized = true;
    for (AtomicWrite write : CollectionConverters.asJava(messages)) {
      try {
        List<Row> serialized = new ArrayList<>();
        for (PersistentRepr repr : CollectionConverters.asJava(write.payload())) {
          serialized.add(row(repr.withTimestamp(now)));
        }
        rows.addAll(serialized);
        results.add(new Success<>(BoxedUnit.UNIT));
      } catch (Exception e) {
        // As the plugin does: a write that cannot be serialized is rejected, the others are written.
        allSerialized = false;
        results.add(new Failure<>(e));
      }
    }
    Promise<scala.collection.immutable.Seq<Try<BoxedUnit>>> written = Promise$.MODULE$.apply();
    if (pending.isEmpty()) {
      self().tell(Flush.INSTANCE, ActorRef.noSender());
    }
    // An empty result list means every write succeeded.
    pending.add(new PendingWrite(rows,
        CollectionConverters.asScala(allSerialized ? List.<Try<BoxedUnit>>of() : results).toList(), written));
    return written.future();
  }

  @Override
  public Future<Object> asyncReadHighestSequenceNr(String persistenceId, long fromSequenceNr) {
    // A restarted entity asks for its highest sequence number: a write of its previous incarnation must count.
    flush();
    return super.asyncReadHighestSequenceNr(persistenceId, fromSequenceNr);
  }

  @Override
  public Future<BoxedUnit> asyncDeleteMessagesTo(String persistenceId, long toSequenceNr) {
    flush();
    return super.asyncDeleteMessagesTo(persistenceId, toSequenceNr);
  }

  @Override
  public PartialFunction<Object, BoxedUnit> receivePluginInternal() {
    return ReceiveBuilder.create().matchEquals(Flush.INSTANCE, flush -> flush()).build().onMessage()
        .orElse(super.receivePluginInternal());
  }

  @Override
  public void postStop() {
    List<PendingWrite> unwritten = List.copyOf(pending);
    pending.clear();
    unwritten.forEach(write -> write.written().tryFailure(new IllegalStateException("the journal stopped")));
    super.postStop();
  }

  private void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<PendingWrite> writes = List.copyOf(pending);
    pending.clear();
    try {
      insert(writes);
    } catch (SQLException | RuntimeException e) {
      if (writes.size() > 1 && rowRefused(e)) {
        insertEachAlone(writes);
      } else {
        writes.forEach(write -> write.written().failure(e));
      }
      return;
    }
    writes.forEach(write -> write.written().success(write.results()));
  }

  /**
   * One entity's row the database refuses (e.g. a sequence number another incarnation of it took)
   * must not fail the other entities' writes that shared its transaction: each is written again in
   * a transaction of its own, until a failure that is not a refusal fails the rest with it.
   */
  private void insertEachAlone(List<PendingWrite> writes) {
    Exception unwritable = null;
    for (PendingWrite write : writes) {
      if (unwritable != null) {
        write.written().failure(unwritable);
        continue;
      }
      try {
        insert(List.of(write));
      } catch (SQLException | RuntimeException e) {
        write.written().failure(e);
        if (!rowRefused(e)) {
          unwritable = e;
        }
        continue;
      }
      write.written().success(write.results());
    }
  }

  /**
   * Whether the database refused a row itself: a constraint (SQL state class 23) or a value it
   * cannot hold (class 22, e.g. too long for its column), as opposed to being unreachable, where
   * writing each alone would only wait for the connection again and again.
   */
  static boolean rowRefused(Throwable failure) {
    // Bounded, as HikariCP bounds the same walk: a chain could loop.
    int depth = 0;
    for (Throwable cause = failure; cause != null && depth < 10; cause = cause.getCause(), depth++) {
      SQLException chained = cause instanceof SQLException sql ? sql : null;
      for (int next = 0; chained != null && next < 10; chained = chained.getNextException(), next++) {
        String state = chained.getSQLState();
        if (state != null && (state.startsWith("23") || state.startsWith("22"))) {
          return true;
        }
      }
    }
    return false;
  }

  private void insert(List<PendingWrite> writes) throws SQLException {
    List<Row> rows = writes.stream().flatMap(write -> write.rows().stream()).toList();
    if (rows.isEmpty()) {
      return;
    }
    try (Connection connection = db().source().createConnection()) {
      connection.setAutoCommit(false);
      try {
        for (Row row : rows) {
          if (row.newKey().isPresent()) {
            JdbcDataKeys.insert(connection, row.newKey().get());
          }
        }
        if (rows.stream().anyMatch(row -> !row.tags().isEmpty())) {
          insertTagged(connection, rows);
        } else {
          try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT)) {
            for (Row row : rows) {
              bind(insert, row);
              insert.addBatch();
            }
            insert.executeBatch();
          }
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        // A rollback that fails too (the pool closed a timed-out connection) must not hide why.
        try {
          connection.rollback();
        } catch (SQLException rollback) {
          e.addSuppressed(rollback);
        }
        throw e;
      }
    }
  }

  /** One row at a time, for the {@code ordering} each tag row refers to. */
  private static void insertTagged(Connection connection, List<Row> rows) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(INSERT_EVENT, new String[] {"ordering"});
        PreparedStatement insertTag = connection.prepareStatement(INSERT_TAG)) {
      for (Row row : rows) {
        bind(insert, row);
        insert.executeUpdate();
        if (row.tags().isEmpty()) {
          continue;
        }
        long ordering;
        try (ResultSet keys = insert.getGeneratedKeys()) {
          if (!keys.next()) {
            throw new SQLException("no ordering returned for " + row.repr().persistenceId());
          }
          ordering = keys.getLong(1);
        }
        for (String tag : row.tags()) {
          insertTag.setLong(1, ordering);
          insertTag.setString(2, tag);
          insertTag.addBatch();
        }
      }
      insertTag.executeBatch();
    }
  }

  private static void bind(PreparedStatement insert, Row row) throws SQLException {
    PersistentRepr repr = row.repr();
    StatementParameters.bind(insert, repr.deleted(), repr.persistenceId(), repr.sequenceNr(), repr.writerUuid(),
        repr.timestamp(), repr.manifest(), row.event().bytes(), row.event().serializerId(), row.event().manifest());
    if (row.meta() == null) {
      insert.setNull(10, Types.BINARY);
      insert.setNull(11, Types.INTEGER);
      insert.setNull(12, Types.VARCHAR);
    } else {
      insert.setBytes(10, row.meta().bytes());
      insert.setInt(11, row.meta().serializerId());
      insert.setString(12, row.meta().manifest());
    }
  }

  private Row row(PersistentRepr repr) {
    Object payload = repr.payload();
    Set<String> tags = Set.of();
    if (payload instanceof Tagged tagged) {
      payload = tagged.payload();
      tags = CollectionConverters.asJava(tagged.tags());
    }
    // Metadata that cannot be serialized is left out, as the plugin does.
    Serialized meta = repr.metadata().isEmpty() ? null : serializeOrNull(repr.metadata().get());
    Optional<NewDataKey> newKey = payload instanceof NewDataKey.Carrier carrier ? carrier.newDataKey() : Optional.empty();
    return new Row(repr.withPayload(payload), serialize(payload), meta, tags, newKey);
  }

  private Serialized serialize(Object value) {
    Serializer serializer = serialization.findSerializerFor(value);
    return new Serialized(serializer.identifier(), Serializers.manifestFor(serializer, value),
        serialization.serialize(value).get());
  }

  private Serialized serializeOrNull(Object value) {
    try {
      return serialize(value);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
