package io.parley.persistence;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * JDBC work of Parley's stores (user memory, tickets, the knowledge base), on PostgreSQL or H2:
 * one transaction per call, run again when it collided with a concurrent one (a unique key two
 * writers raced for, a serialization failure or deadlock, H2's lock timeout), so that the second
 * run sees what the winner committed.
 * Failures come out as {@link PersistenceException}, the {@code SQLException} as the cause.
 */
public final class Transactions {
  private static final int ATTEMPTS = 5;

  private Transactions() {}

  /** Work on one connection; it may throw {@code SQLException}. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Reads the row a result set is on; it may throw {@code SQLException}. */
  @FunctionalInterface
  public interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /** Runs {@code work} in a transaction, again on a collision; {@code what} names it in errors. */
  public static <T> T write(DataSource dataSource, String what, Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try (Connection connection = dataSource.getConnection()) {
        connection.setAutoCommit(false);
        try {
          T result = work.run(connection);
          connection.commit();
          return result;
        } catch (SQLException | RuntimeException e) {
          rollbackQuietly(connection, e);
          throw e;
        } finally {
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        if (attempt < ATTEMPTS && isCollision(e)) continue;
        throw new PersistenceException("Cannot " + what + ": " + reason(e), e);
      }
    }
  }

  /** Runs read-only {@code work} on a connection in auto-commit mode. */
  public static <T> T read(DataSource dataSource, String what, Work<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.run(connection);
    } catch (SQLException e) {
      throw new PersistenceException("Cannot " + what + ": " + reason(e), e);
    }
  }

  /** A unique violation (23505 on both databases), class 40, or H2's lock timeout and concurrent update. */
  static boolean isCollision(SQLException e) {
    String state = e.getSQLState();
    if (state == null) return false;
    return state.equals("23505") || state.startsWith("40") || state.equals("HYT00") || state.equals("90131");
  }

  /** Instants to the microsecond, PostgreSQL's precision, so what is read back equals what was written. */
  public static OffsetDateTime timestamp(Instant instant) {
    return OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
  }

  /** Every row {@code select} finds, in order, each read by {@code reader}. */
  public static <T> List<T> list(PreparedStatement select, RowReader<T> reader) throws SQLException {
    List<T> found = new ArrayList<>();
    try (ResultSet rows = select.executeQuery()) {
      while (rows.next()) found.add(reader.read(rows));
    }
    return found;
  }

  /**
   * Every row {@code sql} finds with {@code parameters} bound in order ({@link StatementParameters}),
   * each read by {@code reader}.
   */
  public static <T> List<T> list(Connection connection, String sql, RowReader<T> reader, Object... parameters)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      return list(StatementParameters.bind(select, parameters), reader);
    }
  }

  /**
   * The first row {@code sql} finds with {@code parameters} bound in order ({@link StatementParameters}),
   * read by {@code reader}; none when it finds none.
   */
  public static <T> Optional<T> first(Connection connection, String sql, RowReader<T> reader, Object... parameters)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(sql);
        ResultSet rows = StatementParameters.bind(select, parameters).executeQuery()) {
      return rows.next() ? Optional.of(reader.read(rows)) : Optional.empty();
    }
  }

  public static Instant instant(ResultSet rows, String column) throws SQLException {
    return rows.getObject(column, OffsetDateTime.class).toInstant();
  }

  /** Without PostgreSQL's batch message, which repeats every value of the failed row. */
  private static String reason(SQLException e) {
    return e instanceof BatchUpdateException && e.getNextException() != null
        ? e.getNextException().getMessage() : e.getMessage();
  }

  private static void rollbackQuietly(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }
}
