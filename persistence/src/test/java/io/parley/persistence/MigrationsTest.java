package io.parley.persistence;

import static io.parley.persistence.testing.Sql.execute;
import static io.parley.persistence.testing.Sql.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.testing.OnEachDialect;
import io.parley.persistence.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
  @TempDir Path dataDir;

  private Database open(Dialect dialect) {
    return Database.open(emptyDatabase(dialect));
  }

  /** A database of schema version 18, as the release with a folder of scripts per dialect left it. */
  private Database openVersion18(Dialect dialect) throws SQLException {
    DatabaseSettings settings = emptyDatabase(dialect);
    restore(settings, "db/schema-v18/" + dialect.wireName() + ".sql");
    return Database.open(settings);
  }

  @OnEachDialect
  void migratingTwiceAppliesEachMigrationOnce(Dialect dialect) throws SQLException {
    try (Database database = open(dialect)) {
      List<Migration> first = database.migrate();
      List<Migration> second = database.migrate();

      assertEquals(Migrations.forDialect(dialect).migrations(), first);
      assertEquals(List.of(), second);
      List<Integer> versions = first.stream().map(Migration::version).collect(Collectors.toList());
      assertEquals(versions, appliedVersions(database.dataSource()));
      assertEquals(List.of(0), query(database.dataSource(), "SELECT COUNT(*) FROM event_journal"));
      assertEquals(List.of(0), query(database.dataSource(), "SELECT COUNT(*) FROM snapshot"));
    }
  }

  @OnEachDialect
  void anAppliedMigrationThatWasEditedStopsTheStart(Dialect dialect) throws SQLException {
    try (Database database = open(dialect)) {
      database.migrate();
      execute(database.dataSource(), "UPDATE flyway_schema_history SET checksum = 1 WHERE version = '1'");

      MigrationException e = assertThrows(MigrationException.class, database::migrate);

      assertTrue(e.getMessage().contains("checksum mismatch for migration version 1"), e.getMessage());
      assertTrue(e.getMessage().contains("Applied migrations must not be edited"), e.getMessage());
    }
  }

  @OnEachDialect
  void aNewReleaseAppliesOnlyItsNewMigration(Dialect dialect) throws SQLException {
    try (Database database = open(dialect)) {
      DataSource dataSource = database.dataSource();
      Migrations.fromClasspath(dialect, "db/test-migration/release1").apply(dataSource);
      execute(dataSource, "INSERT INTO notes (id, body) VALUES (2, 'kept')");

      List<Migration> applied = Migrations.fromClasspath(dialect, "db/test-migration/release2").apply(dataSource);

      assertEquals(List.of(2), applied.stream().map(Migration::version).collect(Collectors.toList()));
      assertEquals(List.of("note authors"), applied.stream().map(Migration::description).collect(Collectors.toList()));
      assertEquals(List.of(2), query(dataSource, "SELECT COUNT(*) FROM notes"));
      assertEquals(List.of(1, 2), appliedVersions(dataSource));
    }
  }

  /**
   * A database that the runner before Flyway migrated to version 18 ({@code parley_schema_history}
   * has its versions) gets Flyway's history baselined at 18, its data kept: Parley's migrations
   * after version 18 apply on top, then one of a later release, and a second start applies nothing.
   */
  @OnEachDialect
  void aDatabaseOfSchemaVersion18MigratesOn(Dialect dialect) throws SQLException {
    try (Database database = openVersion18(dialect)) {
      DataSource dataSource = database.dataSource();
      execute(dataSource, "INSERT INTO tenants (tenant, document, updated_at, updated_by)"
          + " VALUES ('globex', '{}', CURRENT_TIMESTAMP, 'version 18')");

      List<Migration> applied = database.migrate();
      List<Migration> again = database.migrate();
      List<Migration> next =
          Migrations.fromClasspath(dialect, "db/migration", "db/test-migration/after-v18").apply(dataSource);

      assertEquals(Migrations.forDialect(dialect).migrations().stream().filter(migration -> migration.version() > 18)
          .toList(), applied);
      assertEquals(List.of(), again);
      assertEquals(List.of(18), query(dataSource, "SELECT CAST(version AS INTEGER) FROM flyway_schema_history"
          + " WHERE type = 'BASELINE'"));
      assertEquals(List.of(1000), next.stream().map(Migration::version).toList());
      assertEquals(List.of(1), query(dataSource, "SELECT COUNT(*) FROM tenants WHERE updated_by = 'version 18'"));
      execute(dataSource, "INSERT INTO tenants (tenant, document, updated_at, updated_by, note)"
          + " VALUES ('acme', '{}', CURRENT_TIMESTAMP, 'test', 'kept')");
      assertEquals(List.of(1), query(dataSource, "SELECT COUNT(*) FROM tenants WHERE note = 'kept'"));
    }
  }

  /**
   * V21: the sessions a version 18 node folded without a customer message leave the rollups (a row
   * of nothing else goes), the others stay as they were, and no row is a test.
   */
  @OnEachDialect
  void sessionsWithoutACustomerMessageLeaveTheRollupsOfAVersion18Database(Dialect dialect) throws SQLException {
    try (Database database = openVersion18(dialect)) {
      DataSource dataSource = database.dataSource();
      long hour = 1_780_000_000_000L / 3_600_000 * 3_600_000;
      conversationOfVersion18(dataSource, "written", hour + 1000, 2, 3, "bot", 4);
      conversationOfVersion18(dataSource, "greeted", hour + 2000, 0, 1, "abandoned", 2);
      conversationOfVersion18(dataSource, "loaded", hour + 3_600_000, 0, 1, "abandoned", 0);
      execute(dataSource, "INSERT INTO conversation_rollup (tenant, started_hour, channel, language, conversations, closed,"
          + " contained, user_messages, bot_messages, rated_2, rated_4, voice_seconds) VALUES"
          + " ('acme', " + hour + ", 'chat', '', 2, 2, 1, 2, 4, 1, 1, 0),"
          + " ('acme', " + (hour + 3_600_000) + ", 'chat', '', 1, 1, 0, 0, 1, 0, 0, 0)");

      database.migrate();

      assertEquals(List.of(1), query(dataSource, "SELECT COUNT(*) FROM conversation_rollup WHERE started_hour = " + hour),
          "the hour of the empty session only is gone");
      assertEquals(List.of(1), query(dataSource, "SELECT COUNT(*) FROM conversation_rollup"));
      List<String> columns = List.of("conversations", "closed", "contained", "user_messages", "bot_messages", "rated_2", "rated_4");
      List<Integer> kept = new ArrayList<>();
      for (String column : columns) kept.addAll(query(dataSource, "SELECT " + column + " FROM conversation_rollup"));
      assertEquals(List.of(1, 1, 1, 2, 3, 0, 1), kept, "the share of the written conversation only: " + columns);
      assertEquals(List.of(0), query(dataSource, "SELECT COUNT(*) FROM conversation WHERE test"));
    }
  }

  /**
   * V26: a conversation in which a person was asked for and none joined, which an older node closed
   * as the bot's, is abandoned and leaves containment; one the bot resolved stays.
   */
  @OnEachDialect
  void conversationsHandedOverToNobodyLeaveContainment(Dialect dialect) throws SQLException {
    try (Database database = openVersion18(dialect)) {
      DataSource dataSource = database.dataSource();
      long hour = 1_780_000_000_000L / 3_600_000 * 3_600_000;
      conversationOfVersion18(dataSource, "helped", hour + 1000, 1, 1, "bot", 0);
      conversationOfVersion18(dataSource, "handed", hour + 2000, 2, 2, "bot", 0);
      execute(dataSource, "UPDATE conversation SET handoff_asked_at = " + (hour + 2500) + " WHERE session_id = 'handed'");
      execute(dataSource, "INSERT INTO conversation_rollup (tenant, started_hour, channel, language, conversations, closed,"
          + " contained, handoffs_asked, user_messages, bot_messages) VALUES ('acme', " + hour + ", 'chat', '', 2, 2, 2, 1, 3, 3)");

      database.migrate();

      assertEquals(List.of(1), query(dataSource, "SELECT contained FROM conversation_rollup"));
      assertEquals(List.of(2), query(dataSource, "SELECT closed FROM conversation_rollup"));
      assertEquals(List.of(1), query(dataSource, "SELECT COUNT(*) FROM conversation WHERE resolved_by = 'abandoned'"
          + " AND session_id = 'handed'"));
    }
  }

  private static void conversationOfVersion18(DataSource dataSource, String sessionId, long startedAt, int userMessages,
      int botMessages, String resolvedBy, int rating) throws SQLException {
    execute(dataSource, "INSERT INTO conversation (tenant, session_id, channel, started_at, last_event_at, closed_at, status,"
        + " resolved_by, user_messages, bot_messages, agent_messages, notices, answer_ms_total, answers, prompt_tokens,"
        + " completion_tokens, cost_usd, lead_qualified, rating, voice_seconds) VALUES ('acme', '" + sessionId + "', 'chat', "
        + startedAt + ", " + startedAt + ", " + startedAt + ", 'closed', '" + resolvedBy + "', " + userMessages + ", "
        + botMessages + ", 0, 0, 0, 0, 0, 0, 0, FALSE, " + (rating == 0 ? "NULL" : rating) + ", 0)");
  }

  /**
   * Migrating on from version 18 and migrating a new database make the same tables and columns, but
   * for the earlier runner's history, which stays as the record of what it applied.
   */
  @OnEachDialect
  void aDatabaseOfSchemaVersion18MigratesToTheSchemaOfANewOne(Dialect dialect) throws SQLException {
    try (Database fromVersion18 = openVersion18(dialect); Database created = open(dialect)) {
      fromVersion18.migrate();
      created.migrate();

      assertEquals(columns(created.dataSource()), columns(fromVersion18.dataSource()).stream()
          .filter(column -> !column.startsWith("parley_schema_history.")).toList());
    }
  }

  @OnEachDialect
  void aFailingStatementIsNamedByFileAndLine(Dialect dialect) throws SQLException {
    try (Database database = open(dialect)) {
      Migrations broken = Migrations.fromClasspath(dialect, "db/test-migration/broken");

      MigrationException e = assertThrows(MigrationException.class, () -> broken.apply(database.dataSource()));

      assertTrue(e.getMessage().startsWith(
          "Migration db/test-migration/broken/V1__broken.sql failed at the statement on line 4: "), e.getMessage());
      assertEquals(List.of(), appliedVersions(database.dataSource()));
    }
  }

  @Test
  void onPostgresAFailedMigrationLeavesNothingBehind() throws SQLException {
    try (Database database = open(Dialect.POSTGRES)) {
      Migrations broken = Migrations.fromClasspath(Dialect.POSTGRES, "db/test-migration/broken");

      assertThrows(MigrationException.class, () -> broken.apply(database.dataSource()));

      assertEquals(List.of(0), query(database.dataSource(),
          "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'broken_first'"));
    }
  }

  @Test
  void nodesStartingTogetherOnPostgresMigrateOnce() throws Exception {
    DatabaseSettings settings = TestPostgres.newEmptyDatabase();

    int applied = migrateTogether(settings, 4);

    int expected = Migrations.forDialect(Dialect.POSTGRES).migrations().size();
    assertEquals(expected, applied);
    try (Database database = Database.open(settings)) {
      assertEquals(List.of(expected), query(database.dataSource(), "SELECT COUNT(*) FROM flyway_schema_history"));
    }
  }

  /** Nodes of the new release starting together on a database of the earlier runner baseline it once. */
  @Test
  void nodesStartingTogetherOnAVersion18PostgresDatabaseBaselineItOnce() throws Exception {
    DatabaseSettings settings = TestPostgres.newEmptyDatabase();
    restore(settings, "db/schema-v18/postgres.sql");

    int applied = migrateTogether(settings, 4);

    long expected = Migrations.forDialect(Dialect.POSTGRES).migrations().stream().filter(m -> m.version() > 18).count();
    assertEquals(expected, applied);
    try (Database database = Database.open(settings)) {
      DataSource dataSource = database.dataSource();
      assertEquals(List.of(1), query(dataSource, "SELECT COUNT(*) FROM flyway_schema_history WHERE type = 'BASELINE'"));
      assertEquals(List.of((int) expected), query(dataSource, "SELECT COUNT(*) FROM flyway_schema_history WHERE type = 'SQL'"));
    }
  }

  /** How many migrations {@code count} nodes applied in all, each migrating {@code settings}' database at once. */
  private static int migrateTogether(DatabaseSettings settings, int count) throws Exception {
    List<Database> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) nodes.add(Database.open(settings));
      List<CompletableFuture<List<Migration>>> runs = nodes.stream()
          .map(node -> CompletableFuture.supplyAsync(node::migrate))
          .collect(Collectors.toList());
      int applied = 0;
      for (CompletableFuture<List<Migration>> run : runs) applied += run.get().size();
      return applied;
    } finally {
      nodes.forEach(Database::close);
    }
  }

  /** A script whose other dialect's section was edited after it was applied still matches. */
  @OnEachDialect
  void anEditOfTheOtherDialectsSectionDoesNotStopTheStart(Dialect dialect) throws SQLException {
    Dialect other = dialect == Dialect.H2 ? Dialect.POSTGRES : Dialect.H2;
    try (Database database = open(dialect)) {
      DataSource dataSource = database.dataSource();
      Migrations.fromClasspath(dialect, "db/test-migration/sections").apply(dataSource);

      List<Migration> applied =
          Migrations.fromClasspath(dialect, "db/test-migration/sections-" + other.wireName() + "-edited").apply(dataSource);

      assertEquals(List.of(), applied);
      assertEquals(List.of(1), appliedVersions(dataSource));
    }
  }

  /**
   * In the node's jar the scripts are entries of a jar, not files of a folder: Flyway lists them
   * there too, so a new {@code V<n>__<what>.sql} needs no list of its own.
   */
  @Test
  void theScriptsAreFoundInAJar() throws Exception {
    Path jar = dataDir.resolve("migrations.jar");
    Path folder = Path.of(MigrationsTest.class.getResource("/db/migration").toURI());
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> scripts = Files.list(folder)) {
      for (Path script : scripts.sorted().toList()) {
        out.putNextEntry(new JarEntry("db/packed/" + script.getFileName()));
        out.write(Files.readAllBytes(script));
        out.closeEntry();
      }
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, MigrationsTest.class.getClassLoader());
        Database database = open(Dialect.H2)) {
      Migrations packed = Migrations.fromClasspath(Dialect.H2, loader, "db/packed");

      assertEquals(Migrations.forDialect(Dialect.H2).migrations(), packed.migrations());
      assertEquals(packed.migrations(), packed.apply(database.dataSource()));
    }
  }

  /** The versions Flyway's history records as applied, in the order they were. */
  private static List<Integer> appliedVersions(DataSource dataSource) throws SQLException {
    return query(dataSource, "SELECT CAST(version AS INTEGER) FROM flyway_schema_history WHERE success AND type = 'SQL'"
        + " ORDER BY installed_rank");
  }

  private DatabaseSettings emptyDatabase(Dialect dialect) {
    if (dialect == Dialect.POSTGRES) return TestPostgres.newEmptyDatabase();
    try {
      return DatabaseSettings.h2(Files.createTempDirectory(dataDir, "h2-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a dump's statements on a connection of its own, which is then closed: pg_dump's empty
   * search_path must not stay on a connection of the pool.
   */
  private static void restore(DatabaseSettings settings, String dump) throws SQLException {
    try (Connection connection = DriverManager.getConnection(settings.url(), settings.user().orElse(null),
            settings.password().orElse(null));
        Statement statement = connection.createStatement()) {
      for (SqlScript.Statement sql : SqlScript.split(resource(dump))) statement.execute(sql.sql());
    }
  }

  private static String resource(String name) {
    try (InputStream in = MigrationsTest.class.getClassLoader().getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Each column of the tables of the default schema: its table, name, type, size and whether it may
   * be null. Upper case: H2's information schema, with DATABASE_TO_UPPER=FALSE, is named so.
   */
  private static List<String> columns(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH,"
            + " IS_NULLABLE FROM INFORMATION_SCHEMA.COLUMNS WHERE LOWER(TABLE_SCHEMA) = 'public'"
            + " ORDER BY TABLE_NAME, COLUMN_NAME")) {
      List<String> columns = new ArrayList<>();
      while (rows.next()) {
        columns.add(rows.getString(1) + "." + rows.getString(2) + " " + rows.getString(3) + "(" + rows.getString(4)
            + ") nullable " + rows.getString(5));
      }
      return columns;
    }
  }
}
