package io.parley.persistence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.persistence.PersistentRepr;
import org.apache.pekko.persistence.jdbc.PekkoSerialization$;
import org.apache.pekko.persistence.jdbc.config.ReadJournalConfig;
import org.apache.pekko.persistence.jdbc.journal.dao.JournalTables;
import org.apache.pekko.persistence.jdbc.query.dao.DefaultReadJournalDao;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.scaladsl.Source;
import scala.Function1;
import scala.Option;
import scala.Tuple2;
import scala.Tuple3;
import scala.collection.immutable.Set;
import scala.collection.immutable.Set$;
import scala.concurrent.ExecutionContext;
import scala.concurrent.Future;
import scala.jdk.javaapi.FunctionConverters;
import scala.jdk.javaapi.FutureConverters;
import scala.util.Try;
import slick.dbio.DBIOAction;
import slick.jdbc.JdbcBackend;
import slick.jdbc.JdbcProfile;
import slick.jdbc.SimpleJdbcAction;

/**
 * pekko-persistence-jdbc's read journal with its query by tag read from the tag's own rows: the
 * events of one tag between two orderings, from the index on {@code event_tag (tag, event_id)}.
 * The plugin's query puts the range on {@code event_journal.ordering} only, so it reads every
 * event of the range, of all tags, to keep one tag's: each of the eight conversations slices read
 * the whole journal, and a slice behind by N events read all N for each page it folded, which made
 * a slice's catching up cost the database more the further behind it was. The events, their order,
 * the range ({@code maxOffset} is still the plugin's gap-free highest ordering) and the rows'
 * deserialization are the plugin's; only where the database starts reading differs, and that a
 * range with nothing in it ({@code offset} already at {@code maxOffset}) is not asked for: a reader
 * by tag through the plugin asks every {@code refresh-interval}, mostly with nothing new to read.
 * {@link #tagged} reads the same rows as events, for a reader that follows the journal's head
 * itself ({@link JournalHead}) rather than through the plugin's query, as the conversations slices do.
 */
public class TagRangeReadJournalDao extends DefaultReadJournalDao {
  private static final String COLUMNS = "j.\"ordering\", j.\"deleted\", j.\"persistence_id\", j.\"sequence_number\", "
      + "j.\"writer\", j.\"write_timestamp\", j.\"adapter_manifest\", j.\"event_payload\", j.\"event_ser_id\", "
      + "j.\"event_ser_manifest\", j.\"meta_payload\", j.\"meta_ser_id\", j.\"meta_ser_manifest\"";
  static final String EVENTS_BY_TAG = "SELECT " + COLUMNS + " FROM \"event_tag\" t JOIN \"event_journal\" j"
      + " ON j.\"ordering\" = t.\"event_id\" WHERE t.\"tag\" = ? AND t.\"event_id\" > ? AND t.\"event_id\" <= ?"
      + " AND j.\"deleted\" = FALSE ORDER BY t.\"event_id\" LIMIT ?";
  static final String TAGS_WRITTEN = "SELECT DISTINCT \"tag\" FROM \"event_tag\" WHERE \"event_id\" > ? AND \"event_id\" <= ?";

  private final Serialization serialization;

  public TagRangeReadJournalDao(JdbcBackend.JdbcDatabaseDef db, JdbcProfile profile, ReadJournalConfig config,
      Serialization serialization, ExecutionContext ec, Materializer mat) {
    super(db, profile, config, serialization, ec, mat);
    this.serialization = serialization;
  }

  @Override
  public Source<Try<Tuple3<PersistentRepr, Set<String>, Object>>, NotUsed> eventsByTag(String tag, long offset,
      long maxOffset, long max) {
    // Nothing was written since the slice last read, as on an idle node: no round trip to the database.
    if (offset >= maxOffset) return org.apache.pekko.stream.scaladsl.Source.empty();
    long limit = correctMaxForH2Driver(max);
    Set<String> noTags = Set$.MODULE$.empty();
    Function1<Tuple2<PersistentRepr, Object>, Tuple3<PersistentRepr, Set<String>, Object>> untagged =
        FunctionConverters.asScalaFromFunction(event -> new Tuple3<>(event._1(), noTags, event._2()));
    return org.apache.pekko.stream.javadsl.Source
        .completionStage(run(context -> byTag(context, tag, offset, maxOffset, limit, TagRangeReadJournalDao::row)))
        .mapConcat(rows -> rows)
        .map(row -> PekkoSerialization$.MODULE$.fromRow(serialization, row).map(untagged))
        .asScala();
  }

  /**
   * The events tagged {@code tag} after {@code offset} up to {@code maxOffset}, at most {@code limit},
   * in the journal's order and deserialized, read on the read journal's pool and executor. A
   * payload that cannot be deserialized fails the read, as it fails the plugin's query.
   */
  public CompletionStage<List<TaggedEvent>> tagged(String tag, long offset, long maxOffset, int limit) {
    return run(context -> byTag(context, tag, offset, maxOffset, limit, this::event));
  }

  /**
   * The tags of the events after {@code offset} up to {@code maxOffset}, from the tag table's key: what
   * a node asks once as the journal's head moves, so that only the readers of those tags read.
   */
  public CompletionStage<java.util.Set<String>> tagsWritten(long offset, long maxOffset) {
    return run(context -> new HashSet<>(select(context, "the tags written after " + offset, TAGS_WRITTEN,
        found -> found.getString(1), offset, maxOffset)));
  }

  /** {@code work} on a connection of the read journal's pool, on Slick's executor, as the plugin's queries run. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private <R> CompletionStage<R> run(java.util.function.Function<JdbcBackend.JdbcActionContext, R> work) {
    DBIOAction action = new SimpleJdbcAction<>(FunctionConverters.asScalaFromFunction(work));
    return FutureConverters.asJava((Future<R>) db().run(action));
  }

  /** The rows of {@link #EVENTS_BY_TAG}, each read by {@code reader}. */
  private static <T> List<T> byTag(JdbcBackend.JdbcActionContext context, String tag, long offset, long maxOffset,
      long limit, Transactions.RowReader<T> reader) {
    return select(context, "the events tagged " + tag, EVENTS_BY_TAG, reader, tag, offset, maxOffset, limit);
  }

  /** Every row {@code sql} finds on the action's connection; {@code what} names it in errors. */
  private static <T> List<T> select(JdbcBackend.JdbcActionContext context, String what, String sql,
      Transactions.RowReader<T> reader, Object... parameters) {
    try {
      return Transactions.list(context.connection(), sql, reader, parameters);
    } catch (SQLException e) {
      throw new PersistenceException("cannot read " + what, e);
    }
  }

  private TaggedEvent event(ResultSet found) throws SQLException {
    Object event = serialization.deserialize(found.getBytes(8), found.getInt(9), found.getString(10)).get();
    return new TaggedEvent(found.getLong(1), found.getString(3), found.getLong(4), found.getLong(6), event);
  }

  private static JournalTables.JournalPekkoSerializationRow row(ResultSet found) throws SQLException {
    int metaSerId = found.getInt(12);
    Option<Object> meta = found.wasNull() ? Option.empty() : Option.apply(metaSerId);
    return new JournalTables.JournalPekkoSerializationRow(found.getLong(1), found.getBoolean(2), found.getString(3),
        found.getLong(4), found.getString(5), found.getLong(6), found.getString(7), found.getBytes(8), found.getInt(9),
        found.getString(10), Option.apply(found.getBytes(11)), meta, Option.apply(found.getString(13)));
  }
}
