package io.parley.persistence.testing;

import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded H2 database for tests, migrated as {@link TestPostgres}'s databases are: a data
 * directory's database is a copy of one this JVM migrated once. Running every migration on a new H2
 * file was most of a test node's start (each DDL statement a commit of its own); a copy of one file
 * costs a fraction of it, and the node then finds its migrations applied, as on a restart. A test of
 * the migrations themselves takes {@link DatabaseSettings#h2} on an empty directory.
 */
public final class TestH2 {
  private static Path template;

  private TestH2() {}

  /**
   * H2 in {@code dataDir}, its migrations applied: the template copied there unless the directory
   * holds a database already (a test starting its node again on the same directory).
   */
  public static DatabaseSettings migratedIn(Path dataDir) {
    Path file = DatabaseSettings.h2File(dataDir);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(dataDir);
        Files.copy(template(), file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy the migrated H2 database to " + file, e);
    }
    return DatabaseSettings.h2(dataDir);
  }

  /** The migrated database file, made on first use; closed, so that H2 has written all of it. */
  private static synchronized Path template() throws IOException {
    if (template == null) {
      Path directory = Files.createTempDirectory("parley-h2-template-");
      try (Database database = Database.open(DatabaseSettings.h2(directory))) {
        database.migrate();
      }
      Path file = DatabaseSettings.h2File(directory);
      // Deleted at exit in the reverse order: the file, then its directory.
      directory.toFile().deleteOnExit();
      file.toFile().deleteOnExit();
      template = file;
    }
    return template;
  }
}
