package io.parley.persistence.conversations;

import io.parley.persistence.Dialect;
import io.parley.persistence.StatementParameters;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code conversation_rollup} table (V17): per tenant, UTC hour of start, channel and language,
 * the sum of the conversations' {@link RollupCounts}. Changes are added as increments, so writers
 * of different sessions that share a rollup row never overwrite each other's counts.
 */
final class ConversationRollup {
  /** The figures of one whole hour: its counts over every language, and its conversations by language. */
  public record Hour(Instant start, RollupCounts counts, Map<String, Integer> languages) {}

  private static final String KEY = "tenant = ? AND started_hour = ? AND channel = ? AND language = ?";
  static final List<String> COLUMNS = Stream.concat(RollupCounts.WHOLE_COLUMNS.stream(),
      RollupCounts.COST_COLUMNS.stream()).toList();
  private static final String INCREMENTS = COLUMNS.stream().map(column -> column + " = " + column + " + ?")
      .collect(Collectors.joining(", "));
  private static final String INSERT = "INSERT INTO conversation_rollup (tenant, started_hour, channel, language, "
      + String.join(", ", COLUMNS) + ") VALUES (?, ?, ?, ?" + ", ?".repeat(COLUMNS.size()) + ")";
  /** PostgreSQL's atomic upsert: the row's counts plus the change, or the change as the row's first counts. */
  private static final String UPSERT = INSERT + " ON CONFLICT (tenant, started_hour, channel, language) DO UPDATE SET "
      + COLUMNS.stream().map(column -> column + " = conversation_rollup." + column + " + excluded." + column)
          .collect(Collectors.joining(", "));
  private ConversationRollup() {}

  /** Adds each change to its rollup row, in the map's (key) order, on the caller's transaction. */
  static void add(Connection connection, SortedMap<RollupKey, RollupCounts> changes) throws SQLException {
    if (changes.isEmpty()) return;
    if (Dialect.of(connection) == Dialect.POSTGRES) upsert(connection, changes);
    else updateOrInsert(connection, changes);
    emptied(connection, changes);
  }

  private static void upsert(Connection connection, SortedMap<RollupKey, RollupCounts> changes) throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
      for (Map.Entry<RollupKey, RollupCounts> change : changes.entrySet()) {
        int next = bindKey(upsert, 1, change.getKey());
        bindCounts(upsert, next, change.getValue());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
  }

  /**
   * H2 has no atomic upsert that adds: an update, else an insert; an insert that lost the race for
   * a new row to another transaction fails on the key alone (H2 keeps the transaction), and the
   * update then finds the winner's row.
   */
  private static void updateOrInsert(Connection connection, SortedMap<RollupKey, RollupCounts> changes)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
            "UPDATE conversation_rollup SET " + INCREMENTS + " WHERE " + KEY);
        PreparedStatement insert = connection.prepareStatement(INSERT)) {
      for (Map.Entry<RollupKey, RollupCounts> change : changes.entrySet()) {
        bindKey(update, bindCounts(update, 1, change.getValue()), change.getKey());
        if (update.executeUpdate() == 1) continue;
        bindCounts(insert, bindKey(insert, 1, change.getKey()), change.getValue());
        try {
          insert.executeUpdate();
        } catch (SQLException e) {
          if (!"23505".equals(e.getSQLState())) throw e;
          if (update.executeUpdate() != 1) throw e;
        }
      }
    }
  }

  /** Rows whose conversations all went (erased, past retention) are dropped rather than kept as zeros. */
  private static void emptied(Connection connection, SortedMap<RollupKey, RollupCounts> changes) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM conversation_rollup WHERE " + KEY + " AND conversations = 0")) {
      boolean any = false;
      for (Map.Entry<RollupKey, RollupCounts> change : changes.entrySet()) {
        if (change.getValue().count(RollupCounts.Count.CONVERSATIONS) >= 0) continue;
        bindKey(delete, 1, change.getKey());
        delete.addBatch();
        any = true;
      }
      if (any) delete.executeBatch();
    }
  }

  /**
   * The tenant's whole hours {@code [from, to)} (both on the hour) that have conversations, in
   * order, summed over languages (and channels, unless {@code channel} names one). The rows are
   * read as they are, in one query, and summed here: PostgreSQL's sums of this many
   * columns, grouped, took several times as long as reading the rows (docs/performance.md). One
   * query, so an hour's languages add up to its conversations while the projection commits.
   */
  static List<Hour> hours(Connection connection, String tenant, Instant from, Instant to, Optional<String> channel)
      throws SQLException {
    Map<Long, RollupCounts> counts = new TreeMap<>();
    Map<Long, Map<String, Integer>> languages = new TreeMap<>();
    try (PreparedStatement select = ranged(connection, "SELECT started_hour, language, " + String.join(", ", COLUMNS)
        + " FROM conversation_rollup WHERE tenant = ? AND started_hour >= ? AND started_hour < ?"
        + (channel.isPresent() ? " AND channel = ?" : ""), tenant, from, to, channel);
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        long[] whole = new long[RollupCounts.WHOLE_COLUMNS.size()];
        for (int i = 0; i < whole.length; i++) whole[i] = rows.getLong(3 + i);
        RollupCounts row = RollupCounts.of(whole, rows.getDouble(3 + whole.length), rows.getDouble(4 + whole.length));
        long conversations = row.count(RollupCounts.Count.CONVERSATIONS);
        if (conversations == 0) continue;
        long hour = rows.getLong(1);
        counts.merge(hour, row, RollupCounts::plus);
        String language = rows.getString(2);
        languages.computeIfAbsent(hour, start -> new TreeMap<>()).merge(
            language.isEmpty() ? ConversationQuery.UNKNOWN_LANGUAGE : language, Math.toIntExact(conversations),
            Integer::sum);
      }
    }
    List<Hour> hours = new ArrayList<>();
    counts.forEach((hour, sum) -> hours.add(new Hour(Instant.ofEpochMilli(hour), sum,
        Collections.unmodifiableMap(languages.get(hour)))));
    return hours;
  }

  private static PreparedStatement ranged(Connection connection, String sql, String tenant, Instant from, Instant to,
      Optional<String> channel) throws SQLException {
    PreparedStatement select = connection.prepareStatement(sql);
    StatementParameters.bind(select, tenant, from.toEpochMilli(), to.toEpochMilli());
    if (channel.isPresent()) select.setString(4, channel.get());
    return select;
  }

  private static int bindKey(PreparedStatement statement, int first, RollupKey key) throws SQLException {
    statement.setString(first, key.tenant());
    statement.setLong(first + 1, key.hour().toEpochMilli());
    statement.setString(first + 2, key.channel());
    statement.setString(first + 3, key.language());
    return first + 4;
  }

  private static int bindCounts(PreparedStatement statement, int first, RollupCounts counts) throws SQLException {
    long[] whole = counts.whole();
    int i = first;
    for (long value : whole) statement.setLong(i++, value);
    statement.setDouble(i++, counts.costUsd());
    statement.setDouble(i++, counts.savedCostUsd());
    return i;
  }
}
