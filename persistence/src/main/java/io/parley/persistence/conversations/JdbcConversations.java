package io.parley.persistence.conversations;

import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The conversations read model as staff see it: pages of a tenant's conversations, one
 * conversation, its tags, the analytics' figures (from the hourly rollups), and the erasure of sessions' rows (and of
 * their shares of the rollups). Every query names the tenant.
 */
public final class JdbcConversations {
  /** Rows of {@link #each} whose tags are read in one query. */
  static final int TAGGED_BATCH = 200;
  public static final int MAX_TAG_LENGTH = 64;

  private static final String CURSOR_KEY = "conversation-cursor-key";
  private static final String SEARCH_KEY = "conversation-search-key";

  private final DataSource dataSource;

  public JdbcConversations(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** The experiments' marks on the same read model, and their conversations' outcomes. */
  public ExperimentConversations experiments() {
    return new ExperimentConversations(dataSource);
  }

  /** The judge's scores of the same read model, and the quality figures. */
  public ConversationScores scores() {
    return new ConversationScores(dataSource);
  }

  /** The conversations' procedure runs, and each procedure's figures. */
  public ProcedureRuns procedures() {
    return new ProcedureRuns(dataSource);
  }

  public Optional<ConversationRow> find(String tenant, String sessionId) {
    return Transactions.read(dataSource, "read a conversation", connection -> {
      Optional<ConversationRow> row = ConversationTable.find(connection, tenant, sessionId);
      if (row.isEmpty()) return row;
      return Optional.of(row.get().withTags(tagsOf(connection, tenant, List.of(sessionId)).getOrDefault(sessionId, List.of())));
    });
  }

  public ConversationPage page(ConversationQuery query) {
    return Transactions.read(dataSource, "list conversations", connection -> {
      List<Object> values = new ArrayList<>();
      String where = where(query, values);
      boolean byScore = query.order() == ConversationQuery.Order.SCORE;
      boolean newest = query.order() != ConversationQuery.Order.OLDEST;
      String start = ordered(query) + ".started_at";
      String id = ordered(query) + ".session_id";
      if (byScore) where += " AND c.score IS NOT NULL";
      if (query.after().isPresent()) {
        String beyond = newest ? " < " : " > ";
        String later = "(" + start + beyond + "? OR (" + start + " = ? AND " + id + beyond + "?))";
        long at = query.after().get().startedAt().toEpochMilli();
        if (byScore) {
          where += " AND (c.score > ? OR (c.score = ? AND " + later + "))";
          values.add(query.after().get().score());
          values.add(query.after().get().score());
        } else {
          where += " AND " + later;
        }
        values.add(at);
        values.add(at);
        values.add(query.after().get().sessionId());
      }
      String direction = newest ? " DESC" : " ASC";
      String sql = "SELECT " + prefixed() + " FROM " + from(query) + " WHERE " + where + " ORDER BY "
          + (byScore ? "c.score ASC, " : "") + start + direction + ", " + id + direction + " LIMIT " + (query.limit() + 1);
      List<ConversationRow> found;
      try (PreparedStatement select = prepared(connection, sql, values)) {
        found = Transactions.list(select, rows -> ConversationTable.row(rows, List.of()));
      }
      boolean more = found.size() > query.limit();
      List<ConversationRow> page = more ? found.subList(0, query.limit()) : found;
      Map<String, List<String>> tags = tagsOf(connection, query.tenant(),
          page.stream().map(ConversationRow::sessionId).toList());
      List<ConversationRow> tagged = page.stream()
          .map(row -> row.withTags(tags.getOrDefault(row.sessionId(), List.of()))).toList();
      Optional<ConversationQuery.Position> next = more ? Optional.of(positionOf(page.get(page.size() - 1)))
          : Optional.empty();
      return new ConversationPage(tagged, next);
    });
  }

  private static ConversationQuery.Position positionOf(ConversationRow last) {
    return new ConversationQuery.Position(last.startedAt(), last.sessionId(),
        last.score().flatMap(ConversationScore::score).orElse(0));
  }

  /** What the projection keeps of the session for the export ({@link ConversationTexts}); empty when it kept none. */
  public Optional<ConversationTexts> texts(String tenant, String sessionId) {
    return Transactions.read(dataSource, "read a conversation's texts",
        connection -> ConversationTexts.read(connection, tenant, sessionId));
  }

  /**
   * Every conversation of the query's tenant and filters, oldest first, with its tags, handed one
   * at a time (no page in memory: the tags are read for {@value #TAGGED_BATCH} rows at a time).
   */
  public void each(ConversationQuery query, Consumer<ConversationRow> sink) {
    Transactions.read(dataSource, "read conversations", connection -> {
      List<Object> values = new ArrayList<>();
      String order = ordered(query);
      String sql = "SELECT " + prefixed() + " FROM " + from(query) + " WHERE " + where(query, values)
          + " ORDER BY " + order + ".started_at, " + order + ".session_id";
      boolean autoCommit = connection.getAutoCommit();
      // PostgreSQL streams a result set only inside a transaction and with a fetch size.
      connection.setAutoCommit(false);
      try (PreparedStatement select = prepared(connection, sql, values)) {
        select.setFetchSize(500);
        try (ResultSet rows = select.executeQuery()) {
          List<ConversationRow> batch = new ArrayList<>(TAGGED_BATCH);
          while (rows.next()) {
            batch.add(ConversationTable.row(rows, List.of()));
            if (batch.size() == TAGGED_BATCH) handTagged(connection, query.tenant(), batch, sink);
          }
          handTagged(connection, query.tenant(), batch, sink);
        }
      } finally {
        connection.rollback();
        connection.setAutoCommit(autoCommit);
      }
      return null;
    });
  }

  /**
   * The tenant's figures of the conversations started in {@code [from, to)}, of one channel or all,
   * per bucket: {@code bucketOf} gives the bucket of an instant, and of every instant of its UTC
   * hour the same. The whole hours of the range come from the rollups, the parts of hours at its
   * edges from the conversations' rows; buckets without conversations are left out.
   */
  public SortedMap<Instant, ConversationFigures> figures(String tenant, Instant from, Instant to,
      Optional<String> channel, UnaryOperator<Instant> bucketOf) {
    SortedMap<Instant, ConversationFigures> buckets = new TreeMap<>();
    Instant hourOfFrom = from.truncatedTo(ChronoUnit.HOURS);
    Instant firstHour = hourOfFrom.equals(from) ? from : hourOfFrom.plus(Duration.ofHours(1));
    Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
    List<Instant> edges = new ArrayList<>();
    if (firstHour.isBefore(lastHour)) {
      for (ConversationRollup.Hour hour : Transactions.read(dataSource, "read the analytics' rollups",
          connection -> ConversationRollup.hours(connection, tenant, firstHour, lastHour, channel))) {
        buckets.computeIfAbsent(bucketOf.apply(hour.start()), start -> new ConversationFigures()).add(hour);
      }
      if (from.isBefore(firstHour)) edges.addAll(List.of(from, firstHour));
      if (lastHour.isBefore(to)) edges.addAll(List.of(lastHour, to));
    } else {
      edges.addAll(List.of(from, to));
    }
    for (int i = 0; i < edges.size(); i += 2) {
      each(ConversationQuery.range(tenant, Optional.of(edges.get(i)), Optional.of(edges.get(i + 1)), channel),
          row -> buckets.computeIfAbsent(bucketOf.apply(row.startedAt()), start -> new ConversationFigures()).add(row));
    }
    return buckets;
  }

  /** The tenant's {@code limit} most used knowledge-base articles on the UTC days {@code [from, to)}. */
  public List<ArticleUse.Used> topArticles(String tenant, LocalDate from, LocalDate to, int limit) {
    return Transactions.read(dataSource, "read article uses", connection -> ArticleUse.top(connection, tenant, from, to,
        limit));
  }

  /**
   * The cluster's key for signing page cursors, made by the first node that asks and kept in
   * {@code cluster_settings}, so a cursor one node gave is good on every other.
   */
  public byte[] cursorKey() {
    return clusterKey(CURSOR_KEY);
  }

  /**
   * The cluster's key of conversation search's blind index ({@code BlindIndex}), made and kept as
   * the cursor key is: every node must hash a word to the same term, before and after a restore.
   */
  public byte[] searchKey() {
    return clusterKey(SEARCH_KEY);
  }

  private byte[] clusterKey(String name) {
    return Transactions.write(dataSource, "read the " + name, connection -> {
      byte[] made = new byte[32];
      new SecureRandom().nextBytes(made);
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cluster_settings (name, setting) "
          + "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM cluster_settings WHERE name = ?)")) {
        StatementParameters.bind(insert, name, Base64.getEncoder().encodeToString(made), name);
        insert.executeUpdate();
      }
      try (PreparedStatement select = connection.prepareStatement("SELECT setting FROM cluster_settings WHERE name = ?")) {
        select.setString(1, name);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          return Base64.getDecoder().decode(rows.getString(1));
        }
      }
    });
  }

  /** Tags the tenant's conversation; false when it has none such. Tagging twice is tagging once. */
  public boolean tag(String tenant, String sessionId, String tag) {
    return Transactions.write(dataSource, "tag a conversation", connection -> {
      if (!exists(connection, tenant, sessionId)) return false;
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO conversation_tag (tenant, session_id, tag, started_at) SELECT c.tenant, c.session_id, ?, "
              + "c.started_at FROM conversation c WHERE c.tenant = ? AND c.session_id = ? AND NOT EXISTS "
              + "(SELECT 1 FROM conversation_tag WHERE tenant = ? AND session_id = ? AND tag = ?)")) {
        StatementParameters.bind(insert, tag, tenant, sessionId, tenant, sessionId, tag);
        insert.executeUpdate();
      }
      return true;
    });
  }

  /** Removes a tag; false when the tenant has no such conversation. */
  public boolean untag(String tenant, String sessionId, String tag) {
    return Transactions.write(dataSource, "untag a conversation", connection -> {
      if (!exists(connection, tenant, sessionId)) return false;
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM conversation_tag WHERE tenant = ? AND session_id = ? AND tag = ?")) {
        StatementParameters.bind(delete, tenant, sessionId, tag);
        delete.executeUpdate();
      }
      return true;
    });
  }

  /** Deletes the rows of erased sessions (with their tags and search terms); returns how many went. */
  public int erase(String tenant, List<String> sessionIds) {
    return Transactions.write(dataSource, "erase conversations", connection -> {
      int erased = 0;
      RollupChanges changes = new RollupChanges();
      for (String sessionId : sessionIds) {
        if (exists(connection, tenant, sessionId)) erased++;
        ConversationTable.delete(connection, tenant, sessionId, changes);
      }
      changes.apply(connection);
      return erased;
    });
  }

  private static boolean exists(Connection connection, String tenant, String sessionId) throws SQLException {
    return Transactions.first(connection, "SELECT 1 FROM conversation WHERE tenant = ? AND session_id = ?",
        rows -> true, tenant, sessionId).isPresent();
  }

  /**
   * The rows a query reads: with a tag, the tag's rows in start order (index
   * {@code conversation_tag_started}) joined to their conversations, so a page of a rare tag reads
   * a page of tags rather than every conversation until enough carry it.
   */
  private static String from(ConversationQuery query) {
    return query.tag().isPresent()
        ? "conversation_tag t JOIN conversation c ON c.tenant = t.tenant AND c.session_id = t.session_id"
        : "conversation c";
  }

  /** The table whose start and session id order the rows: the tag's when the query reads from its rows. */
  private static String ordered(ConversationQuery query) {
    return query.tag().isPresent() ? "t" : "c";
  }

  private static String where(ConversationQuery query, List<Object> values) {
    StringBuilder where = new StringBuilder(ordered(query) + ".tenant = ? AND c.user_messages > 0 AND c.test = ?");
    values.add(query.tenant());
    values.add(query.tests());
    query.tag().ifPresent(tag -> condition(where, values, "t.tag = ?", tag));
    String order = ordered(query);
    query.from().ifPresent(from -> condition(where, values, order + ".started_at >= ?", from.toEpochMilli()));
    query.to().ifPresent(to -> condition(where, values, order + ".started_at < ?", to.toEpochMilli()));
    query.channel().ifPresent(channel -> condition(where, values, "c.channel = ?", channel));
    if (!query.statuses().isEmpty()) {
      where.append(" AND c.status IN (").append(String.join(", ", Collections.nCopies(query.statuses().size(), "?"))).append(')');
      query.statuses().forEach(status -> values.add(status.wireName()));
    }
    query.resolvedBy().ifPresent(by -> where.append(switch (by) {
      // As ConversationRow#resolution: the bot's ending the judge found unresolved is abandoned.
      case BOT -> " AND c.resolved_by = 'bot' AND (c.score_resolved IS NULL OR c.score_resolved)";
      case ABANDONED -> " AND (c.resolved_by = 'abandoned' OR (c.resolved_by = 'bot' AND NOT c.score_resolved))";
      case AGENT -> " AND c.resolved_by = 'agent'";
    }));
    query.handoff().ifPresent(handoff -> where.append(switch (handoff) {
      case NONE -> " AND c.handoff_asked_at IS NULL AND c.handoff_taken_at IS NULL";
      case ASKED -> " AND c.handoff_asked_at IS NOT NULL";
      case TAKEN -> " AND c.handoff_taken_at IS NOT NULL";
    }));
    query.rating().ifPresent(rating -> condition(where, values, "c.rating = ?", rating));
    query.score().ifPresent(score -> {
      condition(where, values, "c.score >= ?", score.min());
      condition(where, values, "c.score <= ?", score.max());
    });
    query.leadMin().ifPresent(min -> condition(where, values, "c.lead_score >= ?", min));
    query.leadMax().ifPresent(max -> condition(where, values, "c.lead_score <= ?", max));
    query.userId().ifPresent(user -> condition(where, values, "c.user_id = ?", user));
    query.language().ifPresent(language -> {
      if (language.equals(ConversationQuery.UNKNOWN_LANGUAGE)) where.append(" AND c.language IS NULL");
      else condition(where, values, "c.language = ?", language);
    });
    // One semi-join a word, each index lookups of (tenant, term), one for each form of the word
    // (itself, its stems): the planner starts from the rarest word's conversations, or walks the
    // newest conversations when every word is common. The terms are written into the SQL (numbers
    // we made, never the caller's text) so that each search is planned for its own words: a cached
    // generic plan, made for a word of average frequency, would read every conversation of a common word.
    for (List<Long> forms : query.terms()) {
      where.append(" AND EXISTS (SELECT 1 FROM conversation_term w WHERE w.tenant = c.tenant AND w.term IN (")
          .append(forms.stream().map(String::valueOf).collect(Collectors.joining(", ")))
          .append(") AND w.session_id = c.session_id)");
    }
    return where.toString();
  }

  private static void condition(StringBuilder where, List<Object> values, String sql, Object value) {
    where.append(" AND ").append(sql);
    values.add(value);
  }

  private static PreparedStatement prepared(Connection connection, String sql, List<Object> values) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < values.size(); i++) statement.setObject(i + 1, values.get(i));
    return statement;
  }

  private static String prefixed() {
    return "c." + ConversationTable.COLUMNS.replace(", ", ", c.");
  }

  /** Hands {@code batch} to {@code sink} with each row's tags, and empties it. */
  private static void handTagged(Connection connection, String tenant, List<ConversationRow> batch,
      Consumer<ConversationRow> sink) throws SQLException {
    Map<String, List<String>> tags = tagsOf(connection, tenant, batch.stream().map(ConversationRow::sessionId).toList());
    for (ConversationRow row : batch) sink.accept(row.withTags(tags.getOrDefault(row.sessionId(), List.of())));
    batch.clear();
  }

  private static Map<String, List<String>> tagsOf(Connection connection, String tenant, List<String> sessionIds)
      throws SQLException {
    Map<String, List<String>> tags = new HashMap<>();
    if (sessionIds.isEmpty()) return tags;
    String marks = String.join(", ", sessionIds.stream().map(id -> "?").toList());
    try (PreparedStatement select = connection.prepareStatement("SELECT session_id, tag FROM conversation_tag "
        + "WHERE tenant = ? AND session_id IN (" + marks + ") ORDER BY tag")) {
      select.setString(1, tenant);
      for (int i = 0; i < sessionIds.size(); i++) select.setString(i + 2, sessionIds.get(i));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) tags.computeIfAbsent(rows.getString(1), id -> new ArrayList<>()).add(rows.getString(2));
      }
    }
    return tags;
  }
}
