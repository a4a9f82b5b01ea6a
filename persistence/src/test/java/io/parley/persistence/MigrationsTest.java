package io.parley.persistence;

import static io.parley.persistence.testing.Sql.execute;
import static io.parley.persistence.testing.Sql.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.testing.TestPostgres;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MigrationsTest {
  @TempDir Path dataDir;

  private Database open(Dialect dialect) {
    return Database.open(dialect == Dialect.H2 ? DatabaseSettings.h2(dataDir) : TestPostgres.newEmptyDatabase());
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void migratingTwiceAppliesEachMigrationOnce(Dialect dialect) throws SQLException {
    try (Database database = open(dialect)) {
      List<Migration> first = database.migrate();
      List<Migration> second = database.migrate();

      assertEquals(Migrations.forDialect(dialect).migrations(), first);
      assertEquals(List.of(), second);
      List<Integer> versions = first.stream().map(Migration::version).collect(Collectors.toList());
      assertEquals(versions, query(database.dataSource(), "SELECT version FROM parley_schema_history ORDER BY version"));
      assertEquals(List.of(0), query(database.dataSource(), "SELECT COUNT(*) FROM event_journal"));
      assertEquals(List.of(0), query(database.dataSource(), "SELECT COUNT(*) FROM snapshot"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void anAppliedMigrationThatWasEditedStopsTheStart(Dialect dialect) throws SQLException {
    try (Database database = open(dialect)) {
      database.migrate();
      execute(database.dataSource(), "UPDATE parley_schema_history SET checksum = 'edited' WHERE version = 1");

      MigrationException e = assertThrows(MigrationException.class, database::migrate);

      assertTrue(e.getMessage().contains("db/migration/V1__pekko_journal.sql was changed"), e.getMessage());
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aNewReleaseAppliesOnlyItsNewMigration(Dialect dialect) throws SQLException {
    try (Database database = open(dialect)) {
      DataSource dataSource = database.dataSource();
      Migrations.fromClasspath(dialect, "db/test-migration/release1").apply(dataSource);
      execute(dataSource, "INSERT INTO notes (id, body) VALUES (2, 'kept')");

      List<Migration> applied = Migrations.fromClasspath(dialect, "db/test-migration/release2").apply(dataSource);

      assertEquals(List.of(2), applied.stream().map(Migration::version).collect(Collectors.toList()));
      assertEquals(List.of("note authors"), applied.stream().map(Migration::description).collect(Collectors.toList()));
      assertEquals(List.of(2), query(dataSource, "SELECT COUNT(*) FROM notes"));
      assertEquals(List.of(1, 2), query(dataSource, "SELECT version FROM parley_schema_history ORDER BY version"));
    }
  }

  @ParameterizedTest
  @EnumSource(Dialect.class)
  void aFailingStatementIsNamedByFileAndLine(Dialect dialect) throws SQLException {
    try (Database database = open(dialect)) {
      Migrations broken = Migrations.fromClasspath(dialect, "db/test-migration/broken");

      MigrationException e = assertThrows(MigrationException.class, () -> broken.apply(database.dataSource()));

      assertTrue(e.getMessage().startsWith(
          "Migration db/test-migration/broken/V1__broken.sql failed at the statement on line 4: "), e.getMessage());
      assertEquals(List.of(0), query(database.dataSource(), "SELECT COUNT(*) FROM parley_schema_history"));
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
    List<Database> nodes = new ArrayList<>();
    try {
      for (int i = 0; i < 4; i++) nodes.add(Database.open(settings));

      List<CompletableFuture<List<Migration>>> runs = nodes.stream()
          .map(node -> CompletableFuture.supplyAsync(node::migrate))
          .collect(Collectors.toList());

      int applied = 0;
      for (CompletableFuture<List<Migration>> run : runs) applied += run.get().size();
      int expected = Migrations.forDialect(Dialect.POSTGRES).migrations().size();
      assertEquals(expected, applied);
      assertEquals(List.of(expected), query(nodes.get(0).dataSource(), "SELECT COUNT(*) FROM parley_schema_history"));
    } finally {
      nodes.forEach(Database::close);
    }
  }

  /** Adding a migration must not depend on remembering the index: this fails when they disagree. */
  @Test
  void theIndexListsExactlyTheScriptsOfItsFolder() throws IOException, URISyntaxException {
    Path folder = Path.of(Migrations.class.getResource("/db/migration").toURI());
    List<String> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files = listing.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".sql"))
          .sorted().collect(Collectors.toList());
    }
    List<String> indexed = Migrations.forDialect(Dialect.H2).migrations().stream().map(Migration::fileName)
        .sorted().collect(Collectors.toList());

    assertEquals(files, indexed);
  }
}
