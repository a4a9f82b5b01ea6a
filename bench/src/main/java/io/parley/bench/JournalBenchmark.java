package io.parley.bench;

import com.typesafe.config.Config;
import io.parley.persistence.Database;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.JournalConfig;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    private final AtomicInteger sessions = new AtomicInteger();
    private ScratchDatabase scratch;
    private Database db;
    private ActorSystem system;

    @Setup
    public void start() throws IOException, SQLException {
      scratch = ScratchDatabase.create(database, postgresAdminUrl, postgresUser);
      DatabaseSettings settings = DatabaseSettings.create(scratch.config().withFallback(ReferenceConfig.load()));
      db = Database.open(settings);
      db.migrate();
      Config config = JournalConfig.overlay(settings).withFallback(ReferenceConfig.load());
      system = ActorSystem.create("journal-bench", config);
    }

    ActorRef<TranscriptWriter.Post> newSession() {
      int session = sessions.incrementAndGet();
      return Adapter.spawn(system, TranscriptWriter.create("bench-" + session, true), "session-" + session);
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
      scratch.close();
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
