package io.parley.sessions.conversations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.projection.jdbc.JdbcSession;

/**
 * One transaction of the projection on a connection of the node's pool: its rows and its offset;
 * what the handler learned of the database is kept only once the transaction commits.
 */
final class PooledJdbcSession implements JdbcSession {
  private final Connection connection;
  private final List<Runnable> afterCommit = new ArrayList<>();

  PooledJdbcSession(DataSource dataSource) {
    try {
      this.connection = dataSource.getConnection();
      connection.setAutoCommit(false);
    } catch (SQLException e) {
      throw new IllegalStateException("no connection for the conversations projection", e);
    }
  }

  @Override
  public <Result> Result withConnection(Function<Connection, Result> work) throws Exception {
    return work.apply(connection);
  }

  /** Runs {@code committed} once the transaction commits; never if it rolls back. */
  void afterCommit(Runnable committed) {
    afterCommit.add(committed);
  }

  @Override
  public void commit() throws SQLException {
    connection.commit();
    afterCommit.forEach(Runnable::run);
    afterCommit.clear();
  }

  @Override
  public void rollback() throws SQLException {
    afterCommit.clear();
    connection.rollback();
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
