package io.parley.http;

import io.parley.frontdoor.HttpPort;
import io.parley.persistence.audit.JdbcAuditLog;
import io.parley.sessions.Edges;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * The edge's part of Pekko's coordinated shutdown, which runs on SIGTERM, on a leave through the
 * management API, and when the split brain resolver downs this node. The phases after these are
 * Pekko's: sharding hands each session's shard over (an entity finishes the write it is doing
 * before it stops), the node leaves the cluster, and the sessions start again on the other nodes,
 * from the journal, when their clients come back.
 *
 * <ol>
 *   <li>{@code service-unbind}: the HTTP port stops accepting connections, so a client that
 *       reconnects lands on another node (readiness already fails from the first phase).
 *   <li>{@code service-requests-done}: every edge (chat connection, voice call) finishes what it is
 *       doing, tells its client {@code closed} with reason {@value Edges#NODE_SHUTDOWN} and ends; a
 *       phone call finishes the sentence it is speaking, says "please call again", hangs up and
 *       closes its session (a caller cannot resume elsewhere); then the remaining HTTP requests get
 *       {@link #HARD_DEADLINE} to finish.
 *   <li>{@code before-actor-system-terminate}: the audit log writes the entries still queued.
 * </ol>
 */
final class GracefulShutdown {
  /** A phone call finishes its sentence and says goodbye (at most 8 s, CallHandover) within this. */
  static final Duration CLOSE_CONNECTIONS_TIMEOUT = Duration.ofSeconds(9);
  static final Duration HARD_DEADLINE = Duration.ofSeconds(5);

  private GracefulShutdown() {}

  static void register(ActorSystem<?> system, HttpPort http, ServerBinding management,
      Edges edges, JdbcAuditLog auditLog) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "parley-http-unbind",
        () -> http.unbind().thenApply(unbound -> Done.getInstance()));
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "parley-chat-close",
        () -> edges.drainAll(Edges.NODE_SHUTDOWN, CLOSE_CONNECTIONS_TIMEOUT, system)
            .thenCompose(closed -> http.terminate(HARD_DEADLINE))
            .thenApply(terminated -> Done.getInstance()));
    // Last, so that the refusals and agents' actions of the drain above are in it.
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "parley-audit-flush",
        () -> CompletableFuture.runAsync(auditLog::close, system.dispatchers().lookup(DispatcherSelector.blocking()))
            .thenApply(closed -> Done.getInstance()));
    // Health checks and bootstrap stay reachable until the very end.
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "parley-management-unbind",
        () -> management.unbind().thenApply(unbound -> Done.getInstance()));
  }
}
