package io.parley.persistence;

import io.parley.core.WireName;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The two databases Parley runs on: PostgreSQL in production, embedded H2 as the zero-setup default.
 * Each is named by its wire name ({@code postgres}, {@code h2}): a migration script's lines of one
 * dialect only follow {@code -- [<name>]} ({@link DialectSections}), and pekko-projection's dialect is
 * {@code <name>-dialect}.
 */
public enum Dialect implements WireName {
  POSTGRES("org.postgresql.Driver", "slick.jdbc.PostgresProfile$"),
  H2("org.h2.Driver", "slick.jdbc.H2Profile$");

  private final String driverClassName;
  private final String slickProfile;

  Dialect(String driverClassName, String slickProfile) {
    this.driverClassName = driverClassName;
    this.slickProfile = slickProfile;
  }

  /** The dialect of the database {@code connection} is open on: PostgreSQL's, else H2's. */
  public static Dialect of(Connection connection) throws SQLException {
    return connection.getMetaData().getDatabaseProductName().equals("PostgreSQL") ? POSTGRES : H2;
  }

  public String driverClassName() {
    return driverClassName;
  }

  /** The Slick profile pekko-persistence-jdbc generates its SQL with. */
  public String slickProfile() {
    return slickProfile;
  }
}
