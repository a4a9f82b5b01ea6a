package io.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.parley.persistence.testing.DialectDatabases;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * On both databases: the values of a statement are bound in order, each by its own type, a null as
 * a text column's NULL, and a query's rows are read with its parameters bound the same way.
 */
class StatementParametersTest {
  private static final LocalDate DAY = LocalDate.of(2026, 11, 27);

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();

  /** What a row holds, as read back. */
  private record Bound(String text, long big, int small, double fraction, boolean flag, byte[] bytes, LocalDate day,
      String missing) {}

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void eachValueIsBoundByItsTypeAndReadBackByTheQuerysParameters(Dialect dialect) {
    Database database = databases.open(dialect);
    List<Bound> read = Transactions.write(database.dataSource(), "bind every type", connection -> {
      try (Statement create = connection.createStatement()) {
        create.execute("CREATE TABLE bound (text_value VARCHAR(20), big BIGINT, small INTEGER, fraction DOUBLE PRECISION,"
            + " flag BOOLEAN, bytes_value " + (dialect == Dialect.POSTGRES ? "BYTEA" : "VARBINARY(8)")
            + ", day_value DATE, missing VARCHAR(20))");
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO bound VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        StatementParameters.bind(insert, "text", 1L << 40, 7, 0.5, true, new byte[] {1, 2}, DAY, null).executeUpdate();
      }
      return Transactions.list(connection, "SELECT * FROM bound WHERE text_value = ? AND big = ? AND day_value = ?",
          StatementParametersTest::bound, "text", 1L << 40, DAY);
    });
    assertEquals(1, read.size());
    Bound row = read.getFirst();
    assertEquals(List.of("text", 1L << 40, 7, 0.5, true, DAY),
        List.of(row.text(), row.big(), row.small(), row.fraction(), row.flag(), row.day()));
    assertArrayEquals(new byte[] {1, 2}, row.bytes());
    assertNull(row.missing());
  }

  private static Bound bound(ResultSet rows) throws SQLException {
    return new Bound(rows.getString("text_value"), rows.getLong("big"), rows.getInt("small"), rows.getDouble("fraction"),
        rows.getBoolean("flag"), rows.getBytes("bytes_value"), rows.getObject("day_value", LocalDate.class),
        rows.getString("missing"));
  }
}
