package io.parley.persistence.testing;

import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.Dialect;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Migrated databases for a test that runs on both dialects ({@link OnEachDialect}): H2
 * in a directory of its own ({@link TestH2}), PostgreSQL a new {@link TestPostgres} database; each closed, and H2's
 * directory removed, after the test. Register it with {@code @RegisterExtension}.
 */
public final class DialectDatabases implements AfterEachCallback {
  private final List<Database> opened = new ArrayList<>();
  private final List<Path> directories = new ArrayList<>();

  /** A new database of {@code dialect}, its migrations applied. */
  public Database open(Dialect dialect) {
    Database database = opened(dialect == Dialect.H2 ? TestH2.migratedIn(newDirectory()) : TestPostgres.newDatabase());
    database.migrate();
    return database;
  }

  /** A new database of {@code dialect} with nothing in it, for a test of the migrations themselves. */
  public Database openEmpty(Dialect dialect) {
    return opened(dialect == Dialect.H2 ? DatabaseSettings.h2(newDirectory()) : TestPostgres.newEmptyDatabase());
  }

  @Override
  public void afterEach(ExtensionContext context) throws IOException {
    opened.forEach(Database::close);
    opened.clear();
    for (Path directory : directories) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
      }
    }
    directories.clear();
  }

  private Database opened(DatabaseSettings settings) {
    Database database = Database.open(settings);
    opened.add(database);
    return database;
  }

  private Path newDirectory() {
    try {
      Path directory = Files.createTempDirectory("parley-h2-");
      directories.add(directory);
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
