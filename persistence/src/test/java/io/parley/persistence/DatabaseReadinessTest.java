package io.parley.persistence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.testing.TestPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseReadinessTest {
  private static final Duration TIMEOUT = Duration.ofMillis(700);

  @TempDir Path dataDir;

  @Test
  void aLiveEmbeddedDatabaseIsReachable() {
    try (Database database = Database.open(DatabaseSettings.h2(dataDir))) {
      assertTrue(database.isReachable(Duration.ofSeconds(5))); // the first connection may take a moment
    }
  }

  @Test
  void aClosedDatabaseIsNotReachable() {
    Database database = Database.open(DatabaseSettings.h2(dataDir));
    database.close();

    assertFalse(database.isReachable(TIMEOUT));
  }

  @Test
  void aLivePostgresIsReachable() {
    try (Database database = Database.open(TestPostgres.newDatabase())) {
      assertTrue(database.isReachable(Duration.ofSeconds(5))); // the first connection may take a moment
      assertTrue(database.isReachable(TIMEOUT));
    }
  }

  @Test
  void aRefusedConnectionIsNotReachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    try (Database database = Database.open(unreachable(closedPort))) {
      assertNotReachableWithinTheTimeout(database);
    }
  }

  /** A server that takes the TCP connection and never answers: connecting hangs, the check must not. */
  @Test
  void aServerThatNeverAnswersIsNotReachableWithinTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Database database = Database.open(unreachable(silent.getLocalPort()))) {
      assertNotReachableWithinTheTimeout(database);
      assertNotReachableWithinTheTimeout(database); // joins the probe still hanging, starts no second one
    }
  }

  // A short connection timeout, so that closing the pool does not wait long for the hanging attempt.
  private DatabaseSettings unreachable(int port) {
    return new DatabaseSettings(Dialect.POSTGRES, "jdbc:postgresql://127.0.0.1:" + port + "/parley",
        Optional.of("parley"), Optional.empty(), dataDir, 2, 2, Duration.ofSeconds(1));
  }

  private static void assertNotReachableWithinTheTimeout(Database database) {
    long start = System.nanoTime();
    assertFalse(database.isReachable(TIMEOUT));
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    // Room for a loaded machine, still far below a connection attempt left to hang (10 s and more).
    assertTrue(took.compareTo(TIMEOUT.plusSeconds(3)) < 0, "took " + took);
  }
}
