package io.parley.sessions.turn;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.parley.core.language.LanguageTag;
import io.parley.core.offline.ArticlePassage;
import io.parley.tools.ToolRegistry;
import io.parley.tools.kb.KbSearchTool;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks for the passage of the tenant's help article that answers a turn's question, for an
 * answer without a model, on the blocking dispatcher and under a span of the turn's. Only a bot
 * that may search the knowledge base ({@code kb_search} among its tools) looks; a knowledge base
 * that fails is logged, and the offline responder's rules answer instead.
 */
final class OfflineArticle {
  private static final Logger LOG = LoggerFactory.getLogger(OfflineArticle.class);

  private OfflineArticle() {}

  /** Empty at once when the turn's tools have no knowledge-base search. */
  static CompletionStage<Optional<ArticlePassage>> of(ActorContext<?> ctx, Answering services, ToolRegistry tools,
      TurnRequest request, Span turn) {
    Optional<KbSearchTool> knowledgeBase = tools.find(KbSearchTool.NAME)
        .filter(KbSearchTool.class::isInstance).map(KbSearchTool.class::cast);
    if (knowledgeBase.isEmpty()) return CompletableFuture.completedFuture(Optional.empty());
    String tenant = request.sessionId().tenant();
    String question = request.userText();
    Span lookup = services.tracing().child("kb.offline_lookup", turn);
    return CompletableFuture.supplyAsync(() -> knowledgeBase.get().passageAnswering(tenant, question,
            request.searchLanguage().map(LanguageTag::tag)),
            ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()))
        .handle((found, error) -> {
          if (error != null) {
            // Off the actor's thread: its context (and the logger it keeps) may not be touched here.
            LOG.warn("tenant {} session {}: knowledge base lookup for an offline answer failed: {}", tenant,
                request.sessionId().wireId(), error.toString());
            lookup.setStatus(StatusCode.ERROR);
          }
          lookup.setAttribute("parley.kb.answered", error == null && found.isPresent()).end();
          return error == null ? found : Optional.<ArticlePassage>empty();
        });
  }
}
