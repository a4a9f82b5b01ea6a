package io.parley.persistence;

/** The two databases Parley runs on: PostgreSQL in production, embedded H2 as the zero-setup default. */
public enum Dialect {
  POSTGRES("postgres", "org.postgresql.Driver", "slick.jdbc.PostgresProfile$"),
  H2("h2", "org.h2.Driver", "slick.jdbc.H2Profile$");

  private final String directory;
  private final String driverClassName;
  private final String slickProfile;

  Dialect(String directory, String driverClassName, String slickProfile) {
    this.directory = directory;
    this.driverClassName = driverClassName;
    this.slickProfile = slickProfile;
  }

  /** The folder under {@code db/migration/} that holds this dialect's migrations. */
  public String directory() {
    return directory;
  }

  public String driverClassName() {
    return driverClassName;
  }

  /** The Slick profile pekko-persistence-jdbc generates its SQL with. */
  public String slickProfile() {
    return slickProfile;
  }
}
