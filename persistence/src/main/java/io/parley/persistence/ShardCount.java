package io.parley.persistence;

import io.parley.core.config.InvalidSettingException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import javax.sql.DataSource;

/**
 * How many shards the cluster spreads its sharded entities over, kept in the database every node
 * shares ({@code cluster_settings}) so that all nodes agree, and fixed by the first node that
 * starts on a new database.
 *
 * <p>It can never change afterwards: sharding restarts a remembered session in the shard it was
 * remembered in, while a new count would send the session's next message to another shard, where
 * a second incarnation of it would start. A journal written before the count was recorded holds
 * Pekko's default of {@value #BEFORE_IT_WAS_RECORDED} (the migration records it).
 *
 * <p>A new database gets {@value #FOR_A_NEW_DATABASE}: ten times a cluster of ten nodes, as Pekko
 * advises. Fewer shards start faster: a node allocates, and on a restart or failover recovers, one
 * shard at a time, and a start whose shard comes late waits behind the others (docs/cluster.md).
 */
public final class ShardCount {
  /** Where Pekko reads the count; its sharding refuses a joining node whose count differs. */
  public static final String PEKKO_SETTING = "pekko.cluster.sharding.number-of-shards";
  public static final int FOR_A_NEW_DATABASE = 100;
  static final int BEFORE_IT_WAS_RECORDED = 1000;
  static final String SETTING = "number-of-shards";

  private ShardCount() {}

  /**
   * The count this database's cluster runs with: the recorded one, or, on a new database,
   * {@code requested} (else {@value #FOR_A_NEW_DATABASE}) once recorded. Refuses a journal that
   * remembers entities of {@code entityTypes} in shards past the count: one written with more
   * shards, restored without its {@code cluster_settings}.
   *
   * @throws InvalidSettingException when {@code requested} is not the recorded count; it says which to set
   * @throws PersistenceException when the journal was written with more shards than recorded
   */
  public static int settle(DataSource dataSource, Optional<Integer> requested, List<String> entityTypes) {
    int count = Transactions.write(dataSource, "record the number of shards", connection -> {
      Optional<Integer> recorded = recorded(connection);
      if (recorded.isPresent()) return recorded.get();
      int chosen = requested.orElse(FOR_A_NEW_DATABASE);
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO cluster_settings (name, setting) VALUES (?, ?)")) {
        insert.setString(1, SETTING);
        insert.setString(2, Integer.toString(chosen));
        insert.executeUpdate();
      }
      return chosen;
    });
    requested.filter(wanted -> wanted != count).ifPresent(wanted -> {
      throw new InvalidSettingException("PARLEY_CLUSTER_SHARDS (parley.cluster.shards) is " + wanted
          + ", but this database's cluster spreads its entities over " + count + " shards, fixed when its first "
          + "node started: set PARLEY_CLUSTER_SHARDS=" + count + " or leave it unset");
    });
    refuseShardsPast(dataSource, count, entityTypes);
    return count;
  }

  private static void refuseShardsPast(DataSource dataSource, int count, List<String> entityTypes) {
    Transactions.read(dataSource, "look for shards past the recorded number", connection -> {
      for (String type : entityTypes) {
        Optional<String> past = rememberedPast(connection, type, count);
        if (past.isPresent()) {
          throw new PersistenceException("The journal remembers " + past.get() + ", a shard past the " + count
              + " recorded in cluster_settings: it was written with more shards (" + BEFORE_IT_WAS_RECORDED
              + " before the number was recorded), and restored without its cluster_settings. Record the number it "
              + "was written with, e.g. UPDATE cluster_settings SET setting = '" + BEFORE_IT_WAS_RECORDED
              + "' WHERE name = '" + SETTING + "'");
        }
      }
      return null;
    });
  }

  /**
   * The first remembered-entities store of {@code type} with a shard id from {@code count} up to
   * {@value #BEFORE_IT_WAS_RECORDED}, the ids a journal of Pekko's default count has and one of
   * {@code count} must not: looked up by primary key, so the check costs no scan of the journal.
   */
  private static Optional<String> rememberedPast(Connection connection, String type, int count) throws SQLException {
    if (count >= BEFORE_IT_WAS_RECORDED) return Optional.empty();
    List<String> ids = IntStream.range(count, BEFORE_IT_WAS_RECORDED)
        .mapToObj(shard -> "/sharding/" + type + "Shard/" + shard).toList();
    String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
    for (String table : List.of("event_journal", "snapshot")) {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT persistence_id FROM " + table + " WHERE persistence_id IN (" + marks + ")")) {
        for (int i = 0; i < ids.size(); i++) select.setString(i + 1, ids.get(i));
        select.setMaxRows(1);
        try (ResultSet rows = select.executeQuery()) {
          if (rows.next()) return Optional.of(rows.getString(1));
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> recorded(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT setting FROM cluster_settings WHERE name = ?")) {
      select.setString(1, SETTING);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) return Optional.empty();
        String setting = rows.getString(1);
        try {
          return Optional.of(Integer.parseInt(setting));
        } catch (NumberFormatException e) {
          throw new PersistenceException("cluster_settings holds " + SETTING + " = '" + setting
              + "', not a number; the row was edited by hand", e);
        }
      }
    }
  }
}
