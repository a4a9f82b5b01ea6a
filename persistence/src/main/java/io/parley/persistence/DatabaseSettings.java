package io.parley.persistence;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import io.parley.core.config.SettingsReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Where the journal and the application tables live. A {@code jdbc:postgresql://} URL selects
 * PostgreSQL; no URL selects the embedded H2 file database under the data directory.
 *
 * @param dataDir the node's data directory (absolute); the H2 database file lives in it
 * @param poolSize connections of the application pool {@link Database} owns
 * @param journalPoolSize connections (and threads) of the pool the Pekko journal plugins share
 */
public record DatabaseSettings(
    Dialect dialect,
    String url,
    Optional<String> user,
    Optional<String> password,
    Path dataDir,
    int poolSize,
    int journalPoolSize,
    Duration connectionTimeout) {

  static final String POSTGRES_PREFIX = "jdbc:postgresql://";
  private static final String H2_FILE_NAME = "parley";

  /**
   * H2 settings that make the embedded default keep its promise. WRITE_DELAY=0: a commit writes
   * its chunk to the file before returning (the default, 500 ms, keeps it in the JVM and a kill
   * -9 loses the last half second of acknowledged messages). FILE_LOCK=FS: the operating system's
   * lock, which dies with the process, so a restart after a kill does not wait for a stale lock
   * file. DB_CLOSE_ON_EXIT=FALSE: H2's shutdown hook must not close the database while Pekko's
   * coordinated shutdown is still persisting. DATABASE_TO_UPPER=FALSE: unquoted names stay
   * lower case as on PostgreSQL (pekko-persistence-jdbc's own H2 tests use it too).
   * MAX_LENGTH_INPLACE_LOB=4096: a journal row's payload is a BLOB, and H2 keeps one over 256
   * bytes (most session events: a few hundred) in its separate LOB store, several more maps
   * written on every commit; kept in the row, a commit costs the journal's thread about a third
   * less CPU and writes a third fewer bytes (docs/performance.md). Larger values, such as a long
   * conversation's snapshot, still go to the LOB store.
   */
  static final String H2_OPTIONS =
      ";WRITE_DELAY=0;FILE_LOCK=FS;DB_CLOSE_ON_EXIT=FALSE;DATABASE_TO_UPPER=FALSE;MAX_LENGTH_INPLACE_LOB=4096";

  /** Reads {@code parley.db.*} and {@code parley.data-dir}; a bad value fails with the variable to fix. */
  public static DatabaseSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    Optional<String> postgresUrl = reader.optionalString("parley.db.url", "PARLEY_DB_URL",
        "a PostgreSQL JDBC URL such as jdbc:postgresql://db.example.com:5432/parley, or nothing"
            + " for the embedded H2 database under PARLEY_DATA_DIR",
        raw -> raw.startsWith(POSTGRES_PREFIX) && raw.length() > POSTGRES_PREFIX.length());
    Path dataDir = reader.path("parley.data-dir", "PARLEY_DATA_DIR");
    int poolSize = reader.positiveInt("parley.db.pool-size", "PARLEY_DB_POOL_SIZE");
    int journalPoolSize = reader.positiveInt("parley.db.journal-pool-size", "PARLEY_DB_JOURNAL_POOL_SIZE");
    Duration connectionTimeout = reader.duration("parley.db.connection-timeout", "PARLEY_DB_CONNECTION_TIMEOUT");
    if (postgresUrl.isEmpty()) {
      if (dataDir.toString().contains(";")) {
        throw new InvalidSettingException("PARLEY_DATA_DIR (parley.data-dir): expected a directory path"
            + " without ';' (it ends up in the H2 JDBC URL), got '" + dataDir + "'");
      }
      String url = "jdbc:h2:file:" + dataDir.resolve(H2_FILE_NAME) + H2_OPTIONS;
      return new DatabaseSettings(Dialect.H2, url, Optional.of("sa"), Optional.empty(), dataDir,
          poolSize, journalPoolSize, connectionTimeout);
    }
    return new DatabaseSettings(Dialect.POSTGRES, postgresUrl.get(), reader.optionalString("parley.db.user"),
        password(config), dataDir, poolSize, journalPoolSize, connectionTimeout);
  }

  /** PostgreSQL at {@code url}, other values from the defaults (and the environment). */
  public static DatabaseSettings postgres(String url, String user, String password) {
    return create(ConfigFactory.parseMap(Map.of(
            "parley.db.url", url, "parley.db.user", user, "parley.db.password", password))
        .withFallback(ConfigFactory.defaultReference()));
  }

  /** The embedded H2 database in {@code dataDir}, other values from the defaults (and the environment). */
  public static DatabaseSettings h2(Path dataDir) {
    return create(ConfigFactory.parseMap(Map.of(
            "parley.db.url", "", "parley.data-dir", dataDir.toAbsolutePath().toString()))
        .withFallback(ConfigFactory.defaultReference()));
  }

  /** The file the embedded H2 database of {@code dataDir} is kept in (H2's MVStore file). */
  public static Path h2File(Path dataDir) {
    return dataDir.resolve(H2_FILE_NAME + ".mv.db");
  }

  // Not trimmed, unlike the other strings: a password may legitimately begin or end with a space.
  private static Optional<String> password(Config config) {
    if (!config.hasPath("parley.db.password")) return Optional.empty();
    String raw = config.getString("parley.db.password");
    return raw.isEmpty() ? Optional.empty() : Optional.of(raw);
  }

  /** Hand-written so that the password never reaches a log line. */
  @Override
  public String toString() {
    return "DatabaseSettings[dialect=" + dialect + ", url=" + url.replaceAll("(?i)(password=)[^&;]*", "$1****")
        + ", user=" + user.orElse("")
        + ", password=" + (password.isPresent() ? "****" : "") + ", dataDir=" + dataDir
        + ", poolSize=" + poolSize + ", journalPoolSize=" + journalPoolSize
        + ", connectionTimeout=" + connectionTimeout + "]";
  }
}
