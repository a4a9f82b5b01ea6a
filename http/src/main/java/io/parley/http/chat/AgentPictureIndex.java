package io.parley.http.chat;

import io.parley.core.attachment.AgentPicture;
import io.parley.persistence.desk.JdbcAgentPictures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which agents have a picture, and its path ({@link AgentPicture#path}), as this node last read them
 * from {@link JdbcAgentPictures}: what customers' frames name, so none names a picture that is not
 * there. An answer is kept {@link #FRESH}; an upload or removal through this node replaces it at
 * once, one through another node reaches this one's frames within that time. Reads run on the
 * blocking dispatcher, never on the caller's thread.
 */
public final class AgentPictureIndex implements AgentPictures {
  public static final Duration FRESH = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(AgentPictureIndex.class);

  private record Agent(String tenant, String agentId) {}

  private record Known(Optional<String> path, Instant until) {}

  private final JdbcAgentPictures pictures;
  private final Executor blocking;
  private final Clock clock;
  private final ConcurrentHashMap<Agent, Known> known = new ConcurrentHashMap<>();

  public AgentPictureIndex(JdbcAgentPictures pictures, Executor blocking, Clock clock) {
    this.pictures = pictures;
    this.blocking = blocking;
    this.clock = clock;
  }

  @Override
  public Optional<Optional<String>> known(String tenant, String agentId) {
    Known answer = known.get(new Agent(tenant, agentId));
    return answer == null || clock.instant().isAfter(answer.until()) ? Optional.empty() : Optional.of(answer.path());
  }

  /** A failed read counts as none (the customer sees the initials), for as long as an answer is fresh. */
  @Override
  public CompletionStage<Void> load(String tenant, String agentId) {
    try {
      return CompletableFuture.runAsync(() -> remember(tenant, agentId, read(tenant, agentId)), blocking);
    } catch (RejectedExecutionException stopping) {
      remember(tenant, agentId, Optional.empty());
      return CompletableFuture.completedFuture(null);
    }
  }

  private Optional<String> read(String tenant, String agentId) {
    try {
      return pictures.servedKey(tenant, agentId).map(AgentPicture::path);
    } catch (RuntimeException e) {
      LOG.warn("Could not read whether agent {} of tenant {} has a picture; naming none", agentId, tenant, e);
      return Optional.empty();
    }
  }

  /** What this node stored or removed: the path of the agent's picture now (empty: none). */
  public void remember(String tenant, String agentId, Optional<String> path) {
    known.put(new Agent(tenant, agentId), new Known(path, clock.instant().plus(FRESH)));
  }
}
