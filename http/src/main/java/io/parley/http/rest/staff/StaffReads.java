package io.parley.http.rest.staff;

import io.parley.core.identity.Caller;
import io.parley.http.rest.analytics.KnowledgeBaseRoutes;
import io.parley.http.rest.config.ToolRoutes;
import io.parley.http.rest.conversation.ConversationRoutes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * What staff read through the REST API, answered as its routes answer (status and JSON body): a page of the tenant's
 * conversations ({@code GET /v1/conversations}), one conversation ({@code GET /v1/conversations/{id}}), the figures
 * ({@code GET /v1/analytics}) and a knowledge-base search ({@code GET /v1/kb/search}), each of the caller's tenant.
 * The MCP server's tools read through it, so they never give more than REST gives the same caller. The role is
 * checked by whoever asks, as the routes check it before they answer.
 */
public final class StaffReads {
  private final ConversationRoutes conversations;
  private final KnowledgeBaseRoutes knowledgeBase;

  public StaffReads(ConversationRoutes conversations, ToolRoutes tools) {
    this.conversations = conversations;
    this.knowledgeBase = tools.knowledgeBase();
  }

  /** {@code parameters}: those of {@code GET /v1/conversations} (filters, {@code q}, {@code limit}, {@code cursor}). */
  public CompletionStage<HttpResponse> conversations(Caller caller, Map<String, String> parameters) {
    return conversations.page(caller.tenant(), parameters);
  }

  public CompletionStage<HttpResponse> conversation(Caller caller, String sessionId) {
    return conversations.conversation(caller, sessionId);
  }

  /** {@code parameters}: those of {@code GET /v1/analytics} ({@code from}, {@code to}, {@code interval}...). */
  public CompletionStage<HttpResponse> analytics(Caller caller, Map<String, String> parameters) {
    return conversations.analytics(caller.tenant(), parameters);
  }

  public CompletionStage<HttpResponse> knowledgeBase(Caller caller, String query, Optional<String> limit) {
    return knowledgeBase.search(caller.tenant(), query, limit, Optional.empty());
  }
}
