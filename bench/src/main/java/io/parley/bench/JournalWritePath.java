package io.parley.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.JournalConfig;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The write path of one customer's messages as a quiet node sees them: one session persists a
 * message, waits until it is durable, pauses (a customer between messages, long enough for the
 * threads on the way to park), and again; with Parley's journal ({@code direct}) and with
 * pekko-persistence-jdbc's own ({@code plugin}), alternately in one JVM; and with Parley's journal
 * writing the event without the tag the conversations projection reads it by ({@code untagged}: no
 * {@code event_tag} row in the commit). Prints the time from the
 * ask to the reply, and what each message costs the process in CPU time and thread switches (from
 * {@code /proc}, so Linux only), which depend much less on what else runs on the machine.
 *
 * <pre>java -cp ... io.parley.bench.JournalWritePath [h2|postgres] [rounds] [pauseMs]</pre>
 */
public final class JournalWritePath {
  private static final int WARMUP = 1500;
  private static final int MESSAGES = 2000;
  private static final Config PLUGIN_WRITES = ConfigFactory.parseString(String.join("\n",
      "jdbc-journal.class = \"org.apache.pekko.persistence.jdbc.journal.JdbcAsyncWriteJournal\"",
      "jdbc-journal.plugin-dispatcher = \"pekko.actor.default-dispatcher\"",
      "jdbc-journal.write-response-global-order = on"));

  private JournalWritePath() {}

  public static void main(String[] args) throws Exception {
    PositionalArguments arguments = new PositionalArguments(args);
    String database = arguments.text(0, "h2");
    int rounds = arguments.number(1, 3);
    long pauseMs = arguments.longNumber(2, 2);
    System.out.println("| write path | db | round | load | p50 ms | p90 | p99 | CPU ms per message | thread switches per message |");
    System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (int round = 1; round <= rounds; round++) {
      for (String path : List.of("plugin", "untagged", "direct")) {
        measure(database, path, round, pauseMs);
      }
    }
  }

  private static void measure(String kind, String path, int round, long pauseMs) throws Exception {
    try (ScratchDatabase scratch = ScratchDatabase.create(kind, "jdbc:postgresql://127.0.0.1:5432/test", "postgres")) {
      DatabaseSettings settings = DatabaseSettings.create(scratch.config().withFallback(ReferenceConfig.load()));
      try (Database db = Database.open(settings)) {
        db.migrate();
        Config config = JournalConfig.overlay(settings).withFallback(ReferenceConfig.load());
        if (path.equals("plugin")) {
          config = PLUGIN_WRITES.withFallback(config);
        }
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "write-path", config);
        try {
          ActorRef<TranscriptWriter.Post> session =
              system.systemActorOf(TranscriptWriter.create("write-path-" + round, !path.equals("untagged")), "session", Props.empty());
          long[] nanos = new long[MESSAGES];
          long switches = 0;
          long cpu = 0;
          String load = "";
          for (int i = -WARMUP; i < MESSAGES; i++) {
            if (i == 0) {
              switches = threadSwitches();
              cpu = processCpuNanos();
              load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            }
            long start = System.nanoTime();
            AskPattern.<TranscriptWriter.Post, Done>ask(session, TranscriptWriter.Post::new, Duration.ofSeconds(10),
                system.scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            if (i >= 0) nanos[i] = System.nanoTime() - start;
            Thread.sleep(pauseMs);
          }
          double switchesPerMessage = (threadSwitches() - switches) / (double) MESSAGES;
          double cpuMsPerMessage = (processCpuNanos() - cpu) / 1e6 / MESSAGES;
          Arrays.sort(nanos);
          System.out.printf("| %s | %s | %d | %s | %.2f | %.2f | %.2f | %.2f | %.1f |%n", path, kind, round, load,
              nanos[MESSAGES / 2] / 1e6, nanos[MESSAGES * 9 / 10] / 1e6, nanos[MESSAGES * 99 / 100] / 1e6,
              cpuMsPerMessage, switchesPerMessage);
        } finally {
          system.terminate();
          system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
      }
    }
  }

  /** Voluntary and involuntary context switches of every thread of this process. */
  private static long threadSwitches() throws IOException {
    long total = 0;
    try (Stream<Path> threads = Files.list(Path.of("/proc/self/task"))) {
      for (Path thread : threads.toList()) {
        try {
          for (String line : Files.readAllLines(thread.resolve("status"))) {
            if (line.contains("ctxt_switches:")) total += Long.parseLong(line.split("\\s+")[1]);
          }
        } catch (IOException ended) {
          // The thread ended while it was being read.
        }
      }
    }
    return total;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
