package io.parley.persistence.costs;

import io.parley.persistence.StatementParameters;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The costs of calls and conversations in {@code cost_entry} (migration V48), written once per use
 * and read as sums: a tenant's spend since a period began, a conversation's cost by kind, the costs
 * of a page of conversations, and a tenant's costs by kind over a time range. Blocking: run on a pool
 * of its own, never on an actor's thread.
 */
public final class JdbcCosts {
  private final DataSource dataSource;

  public JdbcCosts(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Records {@code entry}; nothing when its key was recorded before. @return whether it was new */
  public boolean record(CostEntry entry) {
    return record(List.of(entry))[0];
  }

  /**
   * Records {@code entries} in one transaction, since a node writes a cost for every model call and
   * a commit each would cost more than the rows; an entry whose key was recorded before, or earlier
   * in the list, adds nothing. @return whether each was new, in the same order
   */
  public boolean[] record(List<CostEntry> entries) {
    return Transactions.write(dataSource, "record costs", connection -> {
      boolean[] recorded = new boolean[entries.size()];
      // Two nodes writing one key at once: the loser's unique violation is retried, and finds the row.
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO cost_entry (tenant, entry_key, session_id,"
          + " kind, engine, quantity, amount_nanos, currency, at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS"
          + " (SELECT 1 FROM cost_entry WHERE tenant = ? AND entry_key = ?)")) {
        for (int i = 0; i < recorded.length; i++) {
          CostEntry entry = entries.get(i);
          recorded[i] = StatementParameters.bind(insert, entry.tenant(), entry.key(), entry.sessionId(), entry.kind(),
              entry.engine(), entry.quantity(), entry.amount(), entry.currency(), entry.at().toEpochMilli(),
              entry.tenant(), entry.key()).executeUpdate() > 0;
        }
      }
      return recorded;
    });
  }

  /** What {@code tenant} spent in {@code currency} since each of {@code starts}, in the same order. */
  public long[] spentSince(String tenant, String currency, List<Instant> starts) {
    Instant earliest = starts.stream().min(Instant::compareTo).orElseThrow();
    StringBuilder sql = new StringBuilder("SELECT ");
    for (int i = 0; i < starts.size(); i++) {
      sql.append(i == 0 ? "" : ", ").append("COALESCE(SUM(CASE WHEN at >= ? THEN amount_nanos END), 0)");
    }
    sql.append(" FROM cost_entry WHERE tenant = ? AND currency = ? AND at >= ?");
    Object[] values = new Object[starts.size() + 3];
    for (int i = 0; i < starts.size(); i++) values[i] = starts.get(i).toEpochMilli();
    values[starts.size()] = tenant;
    values[starts.size() + 1] = currency;
    values[starts.size() + 2] = earliest.toEpochMilli();
    return Transactions.read(dataSource, "sum a tenant's spend", connection -> Transactions.first(connection,
        sql.toString(), rows -> {
          long[] sums = new long[starts.size()];
          for (int i = 0; i < sums.length; i++) sums[i] = rows.getLong(i + 1);
          return sums;
        }, values).orElseThrow());
  }

  /** A conversation's costs by kind. */
  public List<CostLine> conversation(String tenant, String sessionId) {
    return Transactions.read(dataSource, "read a conversation's cost", connection -> Transactions.list(connection,
        "SELECT kind, currency, SUM(quantity), SUM(amount_nanos) FROM cost_entry WHERE tenant = ? AND session_id = ?"
            + " GROUP BY kind, currency ORDER BY kind, currency",
        rows -> new CostLine(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4)), tenant, sessionId));
  }

  /** The total cost of each of {@code sessionIds} that has one, in nanos of its currency, by session id. */
  public Map<String, CostLine> conversations(String tenant, Collection<String> sessionIds) {
    Map<String, CostLine> totals = new HashMap<>();
    if (sessionIds.isEmpty()) return totals;
    String marks = String.join(", ", Collections.nCopies(sessionIds.size(), "?"));
    Object[] values = new Object[sessionIds.size() + 1];
    values[0] = tenant;
    int i = 1;
    for (String id : sessionIds) values[i++] = id;
    return Transactions.read(dataSource, "read conversations' costs", connection -> {
      Transactions.list(connection, "SELECT session_id, currency, SUM(amount_nanos) FROM cost_entry WHERE tenant = ?"
              + " AND session_id IN (" + marks + ") GROUP BY session_id, currency",
          rows -> totals.put(rows.getString(1), new CostLine("total", rows.getString(2), 0, rows.getLong(3))), values);
      return totals;
    });
  }

  /** {@code tenant}'s costs by kind from {@code from} (inclusive) to {@code to} (exclusive). */
  public List<CostLine> between(String tenant, Instant from, Instant to) {
    return Transactions.read(dataSource, "sum a tenant's costs", connection -> Transactions.list(connection,
        "SELECT kind, currency, SUM(quantity), SUM(amount_nanos) FROM cost_entry WHERE tenant = ? AND at >= ? AND at < ?"
            + " GROUP BY kind, currency ORDER BY kind, currency",
        rows -> new CostLine(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4)), tenant,
        from.toEpochMilli(), to.toEpochMilli()));
  }
}
