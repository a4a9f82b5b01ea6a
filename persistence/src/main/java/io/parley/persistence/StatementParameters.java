package io.parley.persistence;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * A statement's parameters bound in the order its SQL names them, each by its Java type: a
 * {@code String}, {@code Long}, {@code Integer}, {@code Double}, {@code Boolean} or {@code byte[]}
 * as its own setter would, anything else as {@code setObject} (a {@code LocalDate}, say). A null is
 * a text column's SQL NULL, as {@code setString} binds one; a null of another type is bound with
 * its own setter by the store.
 */
public final class StatementParameters {
  private StatementParameters() {}

  /** Binds {@code values} to parameters 1, 2, … of {@code statement}, and returns it. */
  public static PreparedStatement bind(PreparedStatement statement, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      int index = i + 1;
      switch (values[i]) {
        case null -> statement.setNull(index, Types.VARCHAR);
        case String text -> statement.setString(index, text);
        case Long number -> statement.setLong(index, number);
        case Integer number -> statement.setInt(index, number);
        case Double number -> statement.setDouble(index, number);
        case Boolean flag -> statement.setBoolean(index, flag);
        case byte[] bytes -> statement.setBytes(index, bytes);
        default -> statement.setObject(index, values[i]);
      }
    }
    return statement;
  }
}
