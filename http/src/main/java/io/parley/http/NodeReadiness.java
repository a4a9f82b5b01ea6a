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

/**
 * Whether this node should get traffic: its journal answers, it is an Up (or WeaklyUp) cluster
 * member, and it is not shutting down. The same check serves {@code /health/ready} on the main
 * port and, registered with Pekko Management, {@code /ready} on the management port.
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

  /** Pekko Management builds its health checks from this when the actor system starts. */
  static ReadinessCheckSetup setup(Database database, Duration timeout) {
    return ReadinessCheckSetup.create(system -> {
      NodeReadiness readiness = new NodeReadiness(system, database, timeout);
      return List.of(() -> readiness.check().thenApply(Report::ready));
    });
  }

  CompletionStage<Report> check() {
    return CompletableFuture.supplyAsync(() -> database.isReachable(timeout), blocking)
        .thenApply(journal -> new Report(journal, Cluster.get(system).selfMember().status(),
            CoordinatedShutdown.get(system).getShutdownReason().isPresent()));
  }
}
