package io.parley.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.JournalConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.pekko.Done;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Customer messages written to the journal through pekko-persistence-jdbc, configured as a node
 * configures it ({@link JournalConfig}), on the embedded H2 file database or on PostgreSQL: one
 * session posting one message at a time (each waits for the previous to be durable, as a client
 * waits for its ack), and eight sessions posting at once. PostgreSQL runs on a fresh database
 * created on {@code postgresAdminUrl}'s server and dropped afterwards.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(3)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JournalBenchmark {

  @State(Scope.Benchmark)
  public static class Node {
    @Param({"h2", "postgres"})
    public String database;

    @Param("jdbc:postgresql://127.0.0.1:5432/test")
    public String postgresAdminUrl;

    @Param("postgres")
    public String postgresUser;

    private final String postgresName = "parley_bench_" + UUID.randomUUID().toString().replace("-", "");
    private final AtomicInteger sessions = new AtomicInteger();
    private Path dataDir;
    private Database db;
    private ActorSystem system;

    @Setup
    public void start() throws IOException, SQLException {
      dataDir = Files.createTempDirectory("parley-bench");
      DatabaseSettings settings = switch (database) {
        case "h2" -> DatabaseSettings.create(ConfigFactory.parseMap(Map.of("parley.data-dir", dataDir.toString()))
            .withFallback(ConfigFactory.load()));
        case "postgres" -> {
          adminStatement("CREATE DATABASE " + postgresName);
          yield DatabaseSettings.postgres(postgresAdminUrl.replaceFirst("/[^/]*$", "/" + postgresName), postgresUser, "");
        }
        default -> throw new IllegalArgumentException("database is h2 or postgres, not " + database);
      };
      db = Database.open(settings);
      db.migrate();
      Config config = JournalConfig.overlay(settings).withFallback(ConfigFactory.load());
      system = ActorSystem.create("journal-bench", config);
    }

    ActorRef<TranscriptWriter.Post> newSession() {
      int session = sessions.incrementAndGet();
      return Adapter.spawn(system, TranscriptWriter.create("bench-" + session), "session-" + session);
    }

    void post(ActorRef<TranscriptWriter.Post> session) throws Exception {
      AskPattern.<TranscriptWriter.Post, Done>ask(session, TranscriptWriter.Post::new, Duration.ofSeconds(10),
          Adapter.toTyped(system).scheduler()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @TearDown
    public void stop() throws Exception {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
      db.close();
      if (database.equals("postgres")) adminStatement("DROP DATABASE IF EXISTS " + postgresName + " WITH (FORCE)");
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

  /** Each benchmark thread is one customer in a session of its own. */
  @State(Scope.Thread)
  public static class Customer {
    private ActorRef<TranscriptWriter.Post> session;

    @Setup(Level.Trial)
    public void join(Node node) {
      session = node.newSession();
    }
  }

  @Benchmark
  @Threads(1)
  public void oneSession(Node node, Customer customer) throws Exception {
    node.post(customer.session);
  }

  @Benchmark
  @Threads(8)
  public void eightSessions(Node node, Customer customer) throws Exception {
    node.post(customer.session);
  }
}
