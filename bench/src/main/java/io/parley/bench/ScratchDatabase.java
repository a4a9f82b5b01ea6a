package io.parley.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A database that exists only for one measurement: the embedded H2 file database in a fresh
 * temporary data directory, or a fresh database {@code parley_bench_<uuid>} created on the
 * server of {@code postgresAdminUrl} (its user needs {@code CREATEDB}, and no password is sent).
 * Closing deletes it.
 */
final class ScratchDatabase implements AutoCloseable {
  private final Path dataDir;
  private final String kind;
  private final String postgresAdminUrl;
  private final String postgresUser;
  private final String postgresName = "parley_bench_" + UUID.randomUUID().toString().replace("-", "");

  private ScratchDatabase(Path dataDir, String kind, String postgresAdminUrl, String postgresUser) {
    this.dataDir = dataDir;
    this.kind = kind;
    this.postgresAdminUrl = postgresAdminUrl;
    this.postgresUser = postgresUser;
  }

  /** {@code kind} is {@code h2} or {@code postgres}. */
  static ScratchDatabase create(String kind, String postgresAdminUrl, String postgresUser)
      throws IOException, SQLException {
    if (!kind.equals("h2") && !kind.equals("postgres")) {
      throw new IllegalArgumentException("database is h2 or postgres, not " + kind);
    }
    ScratchDatabase database =
        new ScratchDatabase(Files.createTempDirectory("parley-bench"), kind, postgresAdminUrl, postgresUser);
    if (database.isPostgres()) database.adminStatement("CREATE DATABASE " + database.postgresName);
    return database;
  }

  /** The node settings that point at this database ({@code parley.data-dir}, {@code parley.db.*}). */
  Config config() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("parley.data-dir", dataDir.toString());
    settings.put("parley.db.url", isPostgres() ? postgresAdminUrl.replaceFirst("/[^/]*$", "/" + postgresName) : "");
    if (isPostgres()) {
      settings.put("parley.db.user", postgresUser);
      settings.put("parley.db.password", "");
    }
    return ConfigFactory.parseMap(settings);
  }

  String kind() {
    return kind;
  }

  private boolean isPostgres() {
    return kind.equals("postgres");
  }

  @Override
  public void close() throws IOException, SQLException {
    if (isPostgres()) adminStatement("DROP DATABASE IF EXISTS " + postgresName + " WITH (FORCE)");
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private void adminStatement(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(postgresAdminUrl, postgresUser, "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
