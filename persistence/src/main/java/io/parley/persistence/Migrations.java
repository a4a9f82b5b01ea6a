package io.parley.persistence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a database schema up to date at start-up: the versioned scripts of {@code db/migration/},
 * listed in its {@code index.txt} (a jar cannot list a folder of the classpath), each applied once,
 * in version order, in its own transaction, and recorded in {@code parley_schema_history}. A script
 * serves both dialects, with the lines only one of them runs in its sections ({@link
 * DialectSections}). Adding a table is adding {@code V<n>__<what>.sql} and its line in the index.
 *
 * <p>An applied script whose checksum (of the dialect's text) has changed stops the start-up: the
 * database no longer matches the code that would run on it. On PostgreSQL a session advisory lock
 * serialises nodes that start together. H2 commits DDL implicitly, so a script that fails half-way
 * there is not rolled back: write scripts with {@code IF NOT EXISTS} so that the next start
 * completes them.
 */
public final class Migrations {
  private static final Logger log = LoggerFactory.getLogger(Migrations.class);

  static final String HISTORY_TABLE = "parley_schema_history";
  /** "parley" in ASCII: the key of the PostgreSQL advisory lock held while migrating. */
  static final long ADVISORY_LOCK_KEY = 0x7061726c6579L;
  // The embedded database is opened by one process; this serialises Database instances within it.
  private static final ReentrantLock H2_LOCK = new ReentrantLock();

  private final Dialect dialect;
  private final String location;
  private final List<Migration> migrations;

  private Migrations(Dialect dialect, String location, List<Migration> migrations) {
    this.dialect = dialect;
    this.location = location;
    this.migrations = migrations;
  }

  /** Parley's migrations for {@code dialect}. */
  public static Migrations forDialect(Dialect dialect) {
    return fromClasspath(dialect, "db/migration");
  }

  /**
   * {@code dialect}'s text of the migrations listed in {@code <location>/index.txt}, one file name a
   * line, {@code #} comments.
   */
  static Migrations fromClasspath(Dialect dialect, String location) {
    ClassLoader loader = Migrations.class.getClassLoader();
    String index = read(loader, location + "/index.txt");
    Map<Integer, Migration> byVersion = new TreeMap<>();
    for (String line : index.split("\n")) {
      String fileName = line.strip();
      if (fileName.isEmpty() || fileName.startsWith("#")) continue;
      Migration migration = Migration.parse(location, fileName, read(loader, location + "/" + fileName), dialect);
      Migration clash = byVersion.put(migration.version(), migration);
      if (clash != null) {
        throw new MigrationException(location + "/index.txt lists two migrations with version "
            + migration.version() + ": " + clash.fileName() + " and " + fileName);
      }
    }
    return new Migrations(dialect, location, List.copyOf(byVersion.values()));
  }

  public List<Migration> migrations() {
    return migrations;
  }

  /**
   * Applies the migrations {@code dataSource} has not seen yet.
   *
   * @return the migrations applied now, in order; empty when the schema was already up to date
   * @throws MigrationException when an applied migration's checksum differs from its script, or a
   *     script fails
   */
  public List<Migration> apply(DataSource dataSource) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      lock(connection);
      try {
        return applyLocked(connection);
      } finally {
        unlock(connection);
      }
    } catch (SQLException e) {
      throw new MigrationException("Cannot migrate the " + dialect + " schema: " + e.getMessage(), e);
    }
  }

  private List<Migration> applyLocked(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE IF NOT EXISTS " + HISTORY_TABLE + " ("
          + "version INTEGER NOT NULL PRIMARY KEY, "
          + "description VARCHAR(200) NOT NULL, "
          + "checksum VARCHAR(64) NOT NULL, "
          + "applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
    }
    Map<Integer, String> appliedChecksums = appliedChecksums(connection);
    for (Migration migration : migrations) {
      String applied = appliedChecksums.get(migration.version());
      if (applied != null && !applied.equals(migration.checksum())) {
        throw new MigrationException("Migration " + location + "/" + migration.fileName()
            + " was changed after it was applied to this database (checksum " + applied + " in "
            + HISTORY_TABLE + ", " + migration.checksum() + " now). Applied migrations must not be"
            + " edited: restore the file and put the change in a new migration.");
      }
    }
    int newest = migrations.stream().mapToInt(Migration::version).max().orElse(0);
    appliedChecksums.keySet().stream().filter(version -> version > newest).findFirst().ifPresent(version ->
        log.warn("The database has schema version {}, newer than this build's {}: running on it anyway"
            + " (migrations are meant to stay compatible with the previous release)", version, newest));
    List<Migration> appliedNow = new ArrayList<>();
    for (Migration migration : migrations) {
      if (appliedChecksums.containsKey(migration.version())) continue;
      applyOne(connection, migration);
      appliedNow.add(migration);
    }
    return appliedNow;
  }

  private void applyOne(Connection connection, Migration migration) throws SQLException {
    log.info("Applying migration {}/{}", location, migration.fileName());
    connection.setAutoCommit(false);
    try {
      try (Statement statement = connection.createStatement()) {
        for (SqlScript.Statement sql : migration.statements()) {
          try {
            statement.execute(sql.sql());
          } catch (SQLException e) {
            throw new MigrationException("Migration " + location + "/" + migration.fileName()
                + " failed at the statement on line " + sql.line() + ": " + e.getMessage(), e);
          }
        }
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + HISTORY_TABLE
          + " (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
        StatementParameters.bind(insert, migration.version(), migration.description(), migration.checksum());
        insert.setTimestamp(4, Timestamp.from(Instant.now()));
        insert.executeUpdate();
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private static Map<Integer, String> appliedChecksums(Connection connection) throws SQLException {
    Map<Integer, String> applied = new TreeMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT version, checksum FROM " + HISTORY_TABLE)) {
      while (rows.next()) applied.put(rows.getInt(1), rows.getString(2));
    }
    return applied;
  }

  // A session-level lock rather than pg_advisory_xact_lock: it must cover the history table's
  // creation and every migration's own transaction. It dies with the connection if the node does.
  private void lock(Connection connection) throws SQLException {
    if (dialect == Dialect.H2) {
      H2_LOCK.lock();
      return;
    }
    advisory(connection, "SELECT pg_advisory_lock(?)");
  }

  private void unlock(Connection connection) throws SQLException {
    if (dialect == Dialect.H2) {
      H2_LOCK.unlock();
      return;
    }
    try {
      advisory(connection, "SELECT pg_advisory_unlock(?)");
    } catch (SQLException e) {
      // A pooled connection must not go back to the pool still holding the lock: dropping the
      // connection releases it. Not rethrown, so that the failure that got us here stays visible.
      log.warn("Cannot release the migration lock; closing the connection instead", e);
      connection.abort(Runnable::run);
    }
  }

  private static void advisory(Connection connection, String call) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(call)) {
      statement.setLong(1, ADVISORY_LOCK_KEY);
      statement.execute();
    }
  }

  private static String read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) throw new MigrationException("Migration resource " + resource + " is missing from the classpath");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MigrationException("Cannot read migration resource " + resource, e);
    }
  }
}
