package io.parley.sessions;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edges open on this node (chat sockets, voice calls, agent consoles), so that a node going
 * away can drain each one: it finishes the request it is handling, tells its client to reconnect
 * (to another node) and resume, and ends. An edge registers when it opens and leaves when it ends.
 * An edge registered with its tenant is drained as well when that tenant is disabled.
 */
public final class Edges {
  /**
   * The reason a node gives its clients when it shuts down (rolling restart, scale-down, downed by
   * the split brain resolver). The session is still open: reconnect and resume.
   */
  public static final String NODE_SHUTDOWN = "node_shutdown";

  /** Tells an edge to finish what it is doing, say {@code reason} to its client and end; reply once ended. */
  public record Drain(String reason, ActorRef<Done> replyTo) {}

  private static final Logger LOG = LoggerFactory.getLogger(Edges.class);

  /** A client told this is not to reconnect: its tenant was disabled. */
  public static final String TENANT_DISABLED = "tenant_disabled";

  private final Set<ActorRef<Drain>> open = ConcurrentHashMap.newKeySet();
  private final Map<ActorRef<Drain>, String> tenants = new ConcurrentHashMap<>();
  private volatile String drainingReason;

  /** Registers an edge; returns the reason to end at once when the node is already draining. */
  public Optional<String> opened(ActorRef<Drain> edge) {
    open.add(edge);
    return Optional.ofNullable(drainingReason);
  }

  /** Registers an edge of {@code tenant}; returns the reason to end at once when the node is already draining. */
  public Optional<String> opened(ActorRef<Drain> edge, String tenant) {
    tenants.put(edge, tenant);
    return opened(edge);
  }

  public void closed(ActorRef<Drain> edge) {
    open.remove(edge);
    tenants.remove(edge);
  }

  /** Tells every open edge of {@code tenant} to end with {@code reason}, not waiting for them. */
  public void drainTenant(String tenant, String reason, ActorSystem<?> system) {
    List<ActorRef<Drain>> edges = tenants.entrySet().stream().filter(edge -> edge.getValue().equals(tenant))
        .map(Map.Entry::getKey).toList();
    edges.forEach(edge -> edge.tell(new Drain(reason, system.ignoreRef())));
    LOG.info("Ending {} edges of tenant {} ({})", edges.size(), tenant, reason);
  }

  /**
   * Drains every open edge. Completes when all have ended, or after {@code timeout}; it never
   * fails, because shutdown goes on either way.
   */
  public CompletionStage<Done> drainAll(String reason, Duration timeout, ActorSystem<?> system) {
    drainingReason = reason;
    List<ActorRef<Drain>> edges = List.copyOf(open);
    CompletableFuture<?>[] draining = edges.stream()
        .map(edge -> AskPattern.<Drain, Done>ask(edge, replyTo -> new Drain(reason, replyTo), timeout,
            system.scheduler()).toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(draining).handle((done, failure) -> {
      long unfinished = Arrays.stream(draining).filter(CompletableFuture::isCompletedExceptionally).count();
      LOG.info("Drained {} edges ({}); {} did not finish within {}", edges.size() - unfinished, reason, unfinished,
          timeout);
      return Done.getInstance();
    });
  }
}
