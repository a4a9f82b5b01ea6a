package io.parley.persistence;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.internal.scanner.Scanner;
import org.flywaydb.core.internal.sqlscript.FlywaySqlScriptException;

/**
 * Brings a database schema up to date at start-up with Flyway: the versioned scripts of {@code
 * db/migration/} ({@code V<n>__<what>.sql}, found by Flyway's scanner in a folder or a jar), each
 * applied once, in version order, and recorded in Flyway's {@code flyway_schema_history}. A script
 * serves both dialects, with the lines only one of them runs in its sections ({@link
 * DialectSections}), which {@link DialectScripts} hands Flyway already chosen.
 *
 * <p>An applied script whose checksum has changed stops the start-up (Flyway's validation): the
 * database no longer matches the code that would run on it. On PostgreSQL Flyway's advisory lock
 * serialises nodes that start together; H2 is opened by one process, in which a lock of ours
 * serialises its Database instances. H2 commits DDL implicitly, so a script that fails half-way
 * there is not rolled back: write scripts with {@code IF NOT EXISTS} so that the next start
 * completes them.
 *
 * <p>A database that Parley's earlier runner migrated has its versions in {@code
 * parley_schema_history} and no Flyway table: Flyway's history starts there with a baseline at the
 * highest version recorded, so the scripts up to it are not run again.
 */
public final class Migrations {
  static final String HISTORY_TABLE = "flyway_schema_history";
  /** The table of the runner Parley had before Flyway, read once to baseline a database it migrated. */
  static final String EARLIER_HISTORY_TABLE = "parley_schema_history";
  private static final Pattern FILE_NAME = Pattern.compile("V([1-9][0-9]{0,8})__([A-Za-z0-9_]+)\\.sql");
  // The embedded database is opened by one process; this serialises Database instances within it.
  private static final ReentrantLock H2_LOCK = new ReentrantLock();

  private final Dialect dialect;
  private final ClassLoader loader;
  private final List<String> locations;
  private final Optional<Integer> target;

  private Migrations(Dialect dialect, ClassLoader loader, List<String> locations, Optional<Integer> target) {
    this.dialect = dialect;
    this.loader = loader;
    this.locations = locations;
    this.target = target;
  }

  /** Parley's migrations for {@code dialect}. */
  public static Migrations forDialect(Dialect dialect) {
    return fromClasspath(dialect, "db/migration");
  }

  /** {@code dialect}'s text of the scripts in {@code locations} of the classpath, as one series. */
  static Migrations fromClasspath(Dialect dialect, String... locations) {
    return fromClasspath(dialect, Migrations.class.getClassLoader(), locations);
  }

  /** {@code dialect}'s text of the scripts in {@code locations} of {@code loader}'s classpath. */
  static Migrations fromClasspath(Dialect dialect, ClassLoader loader, String... locations) {
    return new Migrations(dialect, loader, List.of(locations), Optional.empty());
  }

  /** These migrations up to {@code version} only: a database as an earlier release left it. */
  public Migrations upTo(int version) {
    return new Migrations(dialect, loader, locations, Optional.of(version));
  }

  /** The migrations of the location, in version order. */
  public List<Migration> migrations() {
    return scripts(configuration()).getResources("V", new String[] {".sql"}).stream()
        .map(script -> parse(script.getFilename()))
        .sorted(Comparator.comparingInt(Migration::version))
        .toList();
  }

  /** The text of migration {@code version} that this dialect runs, its other lines empty. */
  public String script(int version) {
    return scripts(configuration()).getResources("V" + version + "__", new String[] {".sql"}).stream()
        .findFirst()
        .map(DialectScripts::text)
        .orElseThrow(() -> new MigrationException("No migration of version " + version + " in " + locations));
  }

  /**
   * Applies the migrations {@code dataSource} has not seen yet.
   *
   * @return the migrations applied now, in order; empty when the schema was already up to date
   * @throws MigrationException when an applied migration's checksum differs from its script, or a
   *     script fails
   */
  public List<Migration> apply(DataSource dataSource) {
    boolean h2 = dialect == Dialect.H2;
    if (h2) H2_LOCK.lock();
    try {
      if (h2) forgetFailedMigrations(dataSource);
      FluentConfiguration configuration = configuration().dataSource(dataSource);
      earlierVersion(dataSource).ifPresent(version -> configuration.baselineOnMigrate(true)
          .baselineVersion(MigrationVersion.fromVersion(Integer.toString(version)))
          .baselineDescription("applied by the runner of " + EARLIER_HISTORY_TABLE));
      target.ifPresent(version -> configuration.target(MigrationVersion.fromVersion(Integer.toString(version))));
      configuration.resourceProvider(scripts(configuration));
      return configuration.load().migrate().migrations.stream()
          .map(applied -> new Migration(Integer.parseInt(applied.version), applied.description))
          .toList();
    } catch (FlywayValidateException e) {
      throw new MigrationException("The " + dialect + " schema no longer matches the migrations of " + locations
          + ": " + e.getMessage() + " Applied migrations must not be edited: restore the file and put the change"
          + " in a new migration.", e);
    } catch (FlywayException e) {
      throw failure(e);
    } finally {
      if (h2) H2_LOCK.unlock();
    }
  }

  /** A script's failure named by its file and the line of the statement that failed. */
  private MigrationException failure(FlywayException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof FlywaySqlScriptException failed) {
        return new MigrationException("Migration " + failed.getResource().getAbsolutePath() + " failed at the statement on"
            + " line " + failed.getLineNumber() + ": " + failed.getCause().getMessage(), e);
      }
    }
    return new MigrationException("Cannot migrate the " + dialect + " schema: " + e.getMessage(), e);
  }

  private FluentConfiguration configuration() {
    return Flyway.configure(loader)
        .locations(locations.stream().map(location -> "classpath:" + location).toArray(String[]::new))
        .table(HISTORY_TABLE)
        .validateMigrationNaming(true)
        .failOnMissingLocations(true);
  }

  /**
   * Flyway's scanner over the locations, each script read as this dialect runs it. A resource
   * provider of ours replaces Flyway's, so its scanner (an internal class, the one Flyway itself
   * makes when no provider is given) is wrapped rather than listing the scripts a second way.
   */
  private DialectScripts scripts(FluentConfiguration configuration) {
    return new DialectScripts(new Scanner<>(JavaMigration.class, configuration, configuration.getLocations()), dialect);
  }

  private static Migration parse(String fileName) {
    Matcher matcher = FILE_NAME.matcher(fileName);
    if (!matcher.matches()) {
      throw new MigrationException("Migration file name '" + fileName
          + "' does not have the form V<version>__<description>.sql, such as V2__tickets.sql");
    }
    return new Migration(Integer.parseInt(matcher.group(1)), matcher.group(2).replace('_', ' '));
  }

  /**
   * The highest version the earlier runner recorded, when its table is there and Flyway's is not
   * (once Flyway's history exists, the earlier table is history only).
   */
  private static OptionalInt earlierVersion(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      if (!hasTable(connection, EARLIER_HISTORY_TABLE) || hasTable(connection, HISTORY_TABLE)) return OptionalInt.empty();
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT MAX(version) FROM " + EARLIER_HISTORY_TABLE)) {
        return rows.next() && rows.getObject(1) != null ? OptionalInt.of(rows.getInt(1)) : OptionalInt.empty();
      }
    } catch (SQLException e) {
      throw new MigrationException("Cannot read " + EARLIER_HISTORY_TABLE + ": " + e.getMessage(), e);
    }
  }

  /**
   * On H2 a script that failed has left what it did before the failure (DDL commits there), and
   * Flyway records it as failed, which would stop every later start until someone repairs the
   * history by hand. The scripts are written to be completed by running them again, so a failed
   * one is forgotten and runs again; PostgreSQL rolls a failed script back and records nothing.
   */
  private static void forgetFailedMigrations(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      if (!hasTable(connection, HISTORY_TABLE)) return;
      try (Statement statement = connection.createStatement()) {
        statement.executeUpdate("DELETE FROM " + HISTORY_TABLE + " WHERE NOT \"success\"");
      }
    } catch (SQLException e) {
      throw new MigrationException("Cannot read " + HISTORY_TABLE + ": " + e.getMessage(), e);
    }
  }

  private static boolean hasTable(Connection connection, String table) throws SQLException {
    DatabaseMetaData metaData = connection.getMetaData();
    try (ResultSet tables = metaData.getTables(connection.getCatalog(), connection.getSchema(), table, null)) {
      return tables.next();
    }
  }
}
