package io.parley.sessions.turn;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.parley.core.memory.MemoryHit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recalls a turn's user's long-term memories on the blocking dispatcher, under a span of the
 * turn's. A turn without memories beats no turn: memory is a help, not a dependency, so a failed
 * recall is logged and recalls nothing.
 */
final class MemoryRecall {
  /** Long-term memories sent with a turn at most. */
  private static final int LIMIT = 6;
  private static final Logger LOG = LoggerFactory.getLogger(MemoryRecall.class);

  private MemoryRecall() {}

  /** The memories of the turn's user; none, at once, for an anonymous customer. Never fails. */
  static CompletionStage<List<MemoryHit>> of(ActorContext<?> ctx, Answering services, TurnRequest request, Span turn) {
    if (request.userId().isEmpty()) return CompletableFuture.completedFuture(List.of());
    String tenant = request.sessionId().tenant();
    String userId = request.userId().orElseThrow();
    Span recall = services.tracing().child("memory.recall", turn);
    return CompletableFuture.supplyAsync(() -> services.memory().recall(tenant, userId, request.userText(), LIMIT),
            ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()))
        .handle((hits, error) -> {
          if (error != null) {
            // Off the actor's thread: its context (and the logger it keeps) may not be touched here.
            LOG.warn("tenant {} session {}: long-term memory recall failed: {}", tenant, request.sessionId().wireId(),
                error.toString());
            recall.setStatus(StatusCode.ERROR);
          }
          recall.setAttribute("parley.memories", error == null ? hits.size() : 0).end();
          return error == null ? hits : List.of();
        });
  }
}
