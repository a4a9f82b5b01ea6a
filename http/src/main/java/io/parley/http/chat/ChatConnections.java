package io.parley.http.chat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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
 * The chat connections open on this node, so that a node going away can close each one with a
 * {@code closed} frame that tells its client to reconnect (to another node) and resume.
 */
public final class ChatConnections {
  /**
   * The {@code closed} reason of a node shutting down (rolling restart, scale-down, downed by
   * the split brain resolver). The session is still open: reconnect and resume.
   */
  public static final String NODE_SHUTDOWN = "node_shutdown";

  private static final Logger LOG = LoggerFactory.getLogger(ChatConnections.class);

  private final Set<ActorRef<ChatConnection.Command>> open = ConcurrentHashMap.newKeySet();
  private volatile String closingReason;

  /** Returns the reason to close at once when the node is already closing its connections. */
  Optional<String> opened(ActorRef<ChatConnection.Command> connection) {
    open.add(connection);
    return Optional.ofNullable(closingReason);
  }

  void closed(ActorRef<ChatConnection.Command> connection) {
    open.remove(connection);
  }

  /**
   * Tells every connection to finish the request it is handling (a message being persisted gets
   * its ack first), send {@code closed} and end its socket. Completes when all have, or after
   * {@code timeout}; it never fails, because shutdown goes on either way.
   */
  public CompletionStage<Done> closeAll(String reason, Duration timeout, ActorSystem<?> system) {
    closingReason = reason;
    List<ActorRef<ChatConnection.Command>> connections = List.copyOf(open);
    CompletableFuture<?>[] closing = connections.stream()
        .map(connection -> AskPattern.<ChatConnection.Command, Done>ask(connection,
                replyTo -> new ChatConnection.Shutdown(reason, replyTo), timeout, system.scheduler())
            .toCompletableFuture())
        .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(closing).handle((done, failure) -> {
      long unfinished = Arrays.stream(closing).filter(CompletableFuture::isCompletedExceptionally).count();
      LOG.info("Closed {} chat connections ({}); {} did not finish within {}", connections.size() - unfinished,
          reason, unfinished, timeout);
      return Done.getInstance();
    });
  }
}
