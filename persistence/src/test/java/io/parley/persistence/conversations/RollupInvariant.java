package io.parley.persistence.conversations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rollups' invariant, for tests of any module: every {@code conversation_rollup} row is the sum
 * of its counted conversations' shares ({@link ConversationRow#counted}), and every counted
 * conversation is in one.
 */
public final class RollupInvariant {
  private RollupInvariant() {}

  /** Per rollup row that differs from the sum of the tenant's conversation rows, how; empty when none does. */
  public static Map<RollupKey, String> differences(Connection connection, String tenant) throws SQLException {
    SortedMap<RollupKey, RollupCounts> summed = new TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT " + ConversationTable.COLUMNS + " FROM conversation WHERE tenant = ?")) {
      select.setString(1, tenant);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ConversationRow row = ConversationTable.row(rows, List.of());
          if (row.counted()) summed.merge(RollupKey.of(row), RollupCounts.of(row), RollupCounts::plus);
        }
      }
    }
    SortedMap<RollupKey, RollupCounts> kept = rollups(connection, tenant);
    SortedMap<RollupKey, String> differences = new TreeMap<>();
    SortedSet<RollupKey> keys = new TreeSet<>(summed.keySet());
    keys.addAll(kept.keySet());
    for (RollupKey key : keys) {
      RollupCounts rows = summed.getOrDefault(key, RollupCounts.NONE);
      RollupCounts rollup = kept.getOrDefault(key, RollupCounts.NONE);
      if (!rows.matches(rollup, 1e-9)) differences.put(key, "rows " + rows + ", rollup " + rollup);
    }
    return differences;
  }

  /** Every rollup row of the tenant, by key. */
  static SortedMap<RollupKey, RollupCounts> rollups(Connection connection, String tenant) throws SQLException {
    SortedMap<RollupKey, RollupCounts> all = new TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT tenant, started_hour, channel, language, "
        + String.join(", ", ConversationRollup.COLUMNS) + " FROM conversation_rollup WHERE tenant = ?")) {
      select.setString(1, tenant);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long[] whole = new long[RollupCounts.WHOLE_COLUMNS.size()];
          for (int i = 0; i < whole.length; i++) whole[i] = rows.getLong(5 + i);
          all.put(new RollupKey(rows.getString(1), Instant.ofEpochMilli(rows.getLong(2)), rows.getString(3),
              rows.getString(4)), RollupCounts.of(whole, rows.getDouble(5 + whole.length), rows.getDouble(6 + whole.length)));
        }
      }
    }
    return all;
  }
}
