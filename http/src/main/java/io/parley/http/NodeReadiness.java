package io.parley.http;

import io.parley.persistence.Database;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.dispatch.Dispatchers;
import org.apache.pekko.management.javadsl.ReadinessCheckSetup;
import org.apache.pekko.management.javadsl.StartupCheckSetup;

/**
 * Whether this node should get traffic: its journal answers, it is an Up (or WeaklyUp) cluster
 * member, and it is not shutting down. The same check serves {@code /health/ready} on the main
 * port and, registered with Pekko Management, {@code /ready} on the management port, where it
 * also waits for the main port to be bound: the management port answers from early in the start,
 * and it is the one an orchestrator probes, as no crowd on the main port can fill it.
 */
final class NodeReadiness {
  /** What a readiness probe found; the JSON body of {@code /health/ready} shows each part. */
  record Report(boolean journalReachable, MemberStatus member, boolean shuttingDown) {
    boolean ready() {
      return journalReachable && !shuttingDown && (member == MemberStatus.up() || member == MemberStatus.weaklyUp());
    }

    String memberName() {
      return member.toString().toLowerCase(Locale.ROOT);
    }
  }

  private final ActorSystem system;
  private final Database database;
  private final Duration timeout;
  private final Executor blocking;

  NodeReadiness(ActorSystem system, Database database, Duration timeout) {
    this.system = system;
    this.database = database;
    this.timeout = timeout;
    // The JDBC check blocks; keep it off the HTTP dispatcher.
    this.blocking = system.dispatchers().lookup(Dispatchers.DefaultBlockingDispatcherId());
  }

  /**
   * Pekko Management builds its readiness check from this when the actor system starts; it fails
   * until {@code httpPortBound} completes.
   */
  static ReadinessCheckSetup setup(Database database, Duration timeout, CompletionStage<?> httpPortBound) {
    return ReadinessCheckSetup.create(system -> {
      NodeReadiness readiness = new NodeReadiness(system, database, timeout);
      return List.of(() -> httpPortBound.toCompletableFuture().isDone()
          ? readiness.check().thenApply(Report::ready)
          : CompletableFuture.completedFuture(false));
    });
  }

  /**
   * The management port's {@code /startup}: passes once {@code httpPortBound} completes, when the
   * main port's {@code /health/live} first answers.
   */
  static StartupCheckSetup startup(CompletionStage<?> httpPortBound) {
    return StartupCheckSetup.create(system ->
        List.of(() -> CompletableFuture.completedFuture(httpPortBound.toCompletableFuture().isDone())));
  }

  CompletionStage<Report> check() {
    return CompletableFuture.supplyAsync(() -> database.isReachable(timeout), blocking)
        .thenApply(journal -> new Report(journal, Cluster.get(system).selfMember().status(),
            CoordinatedShutdown.get(system).getShutdownReason().isPresent()));
  }
}
