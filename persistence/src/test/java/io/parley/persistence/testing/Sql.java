package io.parley.persistence.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Plain JDBC for looking into the database from tests. */
public final class Sql {
  private Sql() {}

  /** The first column of every row, as ints. */
  public static List<Integer> query(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      List<Integer> values = new ArrayList<>();
      while (rows.next()) values.add(rows.getInt(1));
      return values;
    }
  }

  /** The single number a query such as {@code SELECT count(*) ...} returns. */
  public static long count(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  public static void execute(DataSource dataSource, String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
