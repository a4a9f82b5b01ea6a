package io.parley.persistence;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;

/**
 * Parley's own handle on its database: a small connection pool for the application tables, the
 * schema migrations, and the readiness check. The Pekko journal has a pool of its own, configured
 * by {@link JournalConfig}.
 *
 * <p>Opening does not connect: a database that is down at start-up shows in {@link #migrate()}
 * and {@link #isReachable(Duration)}, not in a constructor.
 */
public final class Database implements AutoCloseable {
  private final DatabaseSettings settings;
  private final HikariDataSource pool;
  private final ExecutorService probeExecutor;
  private CompletableFuture<Boolean> probe = CompletableFuture.completedFuture(true);

  private Database(DatabaseSettings settings, HikariDataSource pool) {
    this.settings = settings;
    this.pool = pool;
    this.probeExecutor = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "parley-db-probe");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Creates the pool (and, for H2, the data directory); connects lazily. */
  public static Database open(DatabaseSettings settings) {
    if (settings.dialect() == Dialect.H2) {
      try {
        Files.createDirectories(settings.dataDir());
      } catch (IOException e) {
        throw new PersistenceException("Cannot create the data directory " + settings.dataDir()
            + " for the embedded database; set PARLEY_DATA_DIR to a writable directory", e);
      }
    }
    return new Database(settings, pool(settings, "parley-db", settings.poolSize()));
  }

  private static HikariDataSource pool(DatabaseSettings settings, String name, int size) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setJdbcUrl(settings.url());
    config.setDriverClassName(settings.dialect().driverClassName());
    settings.user().ifPresent(config::setUsername);
    settings.password().ifPresent(config::setPassword);
    config.setMaximumPoolSize(size);
    config.setConnectionTimeout(Math.max(250, settings.connectionTimeout().toMillis()));
    config.setValidationTimeout(Math.max(250, Math.min(5000, settings.connectionTimeout().toMillis())));
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  public DatabaseSettings settings() {
    return settings;
  }

  /** The pooled connections for application tables; do not close it, close the Database. */
  public DataSource dataSource() {
    return pool;
  }

  /**
   * Brings the schema up to date; see {@link Migrations}. Flyway holds two connections at once
   * (its history table's and the migration's), so it gets a pool of its own for the while: the
   * application's may be as small as one.
   *
   * @return the migrations applied by this call
   */
  public List<Migration> migrate() {
    try (HikariDataSource migrating = pool(settings, "parley-db-migrations", 2)) {
      return Migrations.forDialect(settings.dialect()).apply(migrating);
    }
  }

  /**
   * Whether a {@code SELECT 1} succeeds within {@code timeout}. Never waits longer than that, even
   * when connecting hangs: the query runs on a thread of its own, and callers that come while it
   * is still running wait for that one instead of starting another.
   */
  public boolean isReachable(Duration timeout) {
    CompletableFuture<Boolean> current;
    synchronized (this) {
      if (probeExecutor.isShutdown()) return false;
      if (probe.isDone()) probe = CompletableFuture.supplyAsync(this::selectOne, probeExecutor);
      current = probe;
    }
    try {
      return current.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      // Not cancelled: interrupting a thread inside H2's file I/O closes the embedded database.
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean selectOne() {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout((int) Math.max(1, settings.connectionTimeout().toSeconds()));
      try (ResultSet rows = statement.executeQuery("SELECT 1")) {
        return rows.next();
      }
    } catch (SQLException e) {
      return false;
    }
  }

  /** Closes the pool; for H2, the last connection to close closes the database file. */
  @Override
  public void close() {
    synchronized (this) {
      probeExecutor.shutdown(); // not shutdownNow: see isReachable
    }
    pool.close();
  }
}
