package io.parley.persistence;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default's promise: what was acknowledged survives {@code kill -9}. A child JVM
 * commits and reports; the test kills it with SIGKILL while it writes, reopens the database and
 * looks for everything reported.
 */
@Timeout(120)
class H2KillTest {
  // A report line is complete only with its final dot: a line cut by the kill does not count.
  private static final Pattern ROW = Pattern.compile("committed (\\d+)\\.");
  private static final Pattern ACK = Pattern.compile("(k\\d+) acked (\\d+)\\.");

  @TempDir Path dataDir;

  @Test
  void everyCommittedRowSurvivesAKill() throws Exception {
    List<String> report = runAndKill(H2RowWriter.class, "4", lines -> lines.size() >= 2000);

    Set<Long> reported = new HashSet<>();
    for (String line : report) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) reported.add(Long.parseLong(row.group(1)));
    }
    assertTrue(reported.size() >= 2000, "reported " + reported.size());
    Set<Long> stored = new HashSet<>();
    try (Database database = Database.open(DatabaseSettings.h2(dataDir));
        Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id FROM kill_test")) {
      while (rows.next()) stored.add(rows.getLong(1));
    }
    Set<Long> lost = new HashSet<>(reported);
    lost.removeAll(stored);
    assertEquals(Set.of(), lost, "committed and reported, but gone after the kill (" + lost.size() + " of "
        + reported.size() + ")");
  }

  @Test
  void everyAcknowledgedEventSurvivesAKill() throws Exception {
    List<String> report = runAndKill(H2JournalWriter.class, "3", lines -> lines.size() >= 600);

    Map<String, Integer> acked = new HashMap<>();
    for (String line : report) {
      Matcher ack = ACK.matcher(line);
      if (ack.matches()) acked.merge(ack.group(1), Integer.parseInt(ack.group(2)), Math::max);
    }
    assertEquals(3, acked.size(), "counters that acknowledged anything: " + acked);
    ActorTestKit recovery = ActorTestKit.create("recovery", JournalConfig.overlay(DatabaseSettings.h2(dataDir))
        .withFallback(JournalRoundTripTest.TEST_CONFIG).withFallback(ConfigFactory.load()));
    try {
      TestProbe<Integer> totals = recovery.createTestProbe();
      for (Map.Entry<String, Integer> counter : acked.entrySet()) {
        ActorRef<Counter.Command> recovered = recovery.spawn(Counter.create(counter.getKey()));
        recovered.tell(new Counter.Get(totals.ref()));
        int total = totals.receiveMessage(Duration.ofSeconds(15));
        // Persisted but not yet acknowledged when the kill came is allowed; less is a loss.
        assertTrue(total >= counter.getValue(), counter.getKey() + " acknowledged " + counter.getValue()
            + " but recovered " + total);
      }
    } finally {
      recovery.shutdownTestKit();
    }
  }

  /**
   * Runs {@code main} in a child JVM, SIGKILLs it while it writes, once {@code enough} holds for its
   * report, and returns the whole report, up to the last line it printed before dying.
   */
  private List<String> runAndKill(Class<?> main, String argument, Predicate<List<String>> enough) throws Exception {
    Path stdout = dataDir.resolve("child-stdout.txt");
    Path stderr = dataDir.resolve("child-stderr.txt");
    Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            "-Xmx256m", main.getName(), dataDir.toString(), argument)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    try {
      await("the child's report").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
          .failFast("the child stopped", () -> !child.isAlive())
          .until(() -> enough.test(Files.readAllLines(stdout)));
    } catch (ConditionTimeoutException | TerminalFailureException stoppedOrStalled) {
      child.destroyForcibly();
      fail("the child stopped or stalled before reporting enough; its stderr:\n" + tail(stderr), stoppedOrStalled);
    }
    child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, H2 is not closed
    assertTrue(child.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, child.exitValue(), "the child should have died of SIGKILL; its stderr:\n" + tail(stderr));
    return Files.readAllLines(stdout);
  }

  private static String tail(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

}
