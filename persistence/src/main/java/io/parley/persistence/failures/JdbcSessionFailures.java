package io.parley.persistence.failures;

import io.parley.core.session.FailureTally;
import io.parley.core.session.SessionFailure;
import io.parley.core.session.SessionFailureLog;
import io.parley.core.session.SessionId;
import io.parley.persistence.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The sessions' failure tallies in table {@code session_failure} (migration V38): one row a session
 * that failed since staff last retried it. A count reads the row for update and writes the tally
 * {@link FailureTally#and} makes of it, so two nodes counting at once count twice.
 */
public final class JdbcSessionFailures implements SessionFailureLog {
  private static final String COLUMNS = "session_id, kind, reason, failures, first_at, last_at";

  private final DataSource dataSource;

  public JdbcSessionFailures(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public FailureTally count(SessionId id, SessionFailure failure, Instant at) {
    return Transactions.write(dataSource, "count a session's failure", connection -> {
      Optional<FailureTally> before = Transactions.first(connection, "SELECT " + COLUMNS
          + " FROM session_failure WHERE tenant = ? AND session_id = ? FOR UPDATE", JdbcSessionFailures::tally,
          id.tenant(), id.wireId());
      FailureTally after = before.map(tally -> tally.and(failure, at)).orElseGet(() -> FailureTally.first(failure, at));
      String sql = before.isPresent()
          ? "UPDATE session_failure SET kind = ?, reason = ?, failures = ?, first_at = ?, last_at = ?"
              + " WHERE tenant = ? AND session_id = ?"
          : "INSERT INTO session_failure (kind, reason, failures, first_at, last_at, tenant, session_id)"
              + " VALUES (?, ?, ?, ?, ?, ?, ?)";
      try (PreparedStatement write = connection.prepareStatement(sql)) {
        write.setString(1, after.latest().kind().wireName());
        write.setString(2, after.latest().reason());
        write.setInt(3, after.count());
        write.setLong(4, after.firstAt().toEpochMilli());
        write.setLong(5, after.lastAt().toEpochMilli());
        write.setString(6, id.tenant());
        write.setString(7, id.wireId());
        write.executeUpdate();
      }
      return after;
    });
  }

  @Override
  public Optional<FailureTally> find(SessionId id) {
    return Transactions.read(dataSource, "read a session's failures", connection -> Transactions.first(connection,
        "SELECT " + COLUMNS + " FROM session_failure WHERE tenant = ? AND session_id = ?", JdbcSessionFailures::tally,
        id.tenant(), id.wireId()));
  }

  @Override
  public boolean clear(SessionId id) {
    return Transactions.write(dataSource, "clear a session's failures", connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM session_failure WHERE tenant = ? AND session_id = ?")) {
        delete.setString(1, id.tenant());
        delete.setString(2, id.wireId());
        return delete.executeUpdate() > 0;
      }
    });
  }

  @Override
  public Map<String, FailureTally> of(String tenant, Collection<String> wireIds) {
    if (wireIds.isEmpty()) return Map.of();
    return Transactions.read(dataSource, "read sessions' failures", connection -> {
      String marks = String.join(", ", Collections.nCopies(wireIds.size(), "?"));
      Map<String, FailureTally> tallies = new HashMap<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
          + " FROM session_failure WHERE tenant = ? AND session_id IN (" + marks + ")")) {
        select.setString(1, tenant);
        int i = 2;
        for (String id : wireIds) select.setString(i++, id);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) tallies.put(rows.getString("session_id"), tally(rows));
        }
      }
      return tallies;
    });
  }

  @Override
  public int failedSafe(String tenant, int bound) {
    return Transactions.read(dataSource, "count failed-safe sessions", connection -> Transactions.first(connection,
        "SELECT COUNT(*) FROM session_failure WHERE tenant = ? AND failures >= ?", rows -> rows.getInt(1),
        tenant, bound).orElse(0));
  }

  private static FailureTally tally(ResultSet row) throws SQLException {
    return new FailureTally(new SessionFailure(SessionFailure.Kind.fromWireName(row.getString("kind")),
        row.getString("reason")), row.getInt("failures"), Instant.ofEpochMilli(row.getLong("first_at")),
        Instant.ofEpochMilli(row.getLong("last_at")));
  }
}
