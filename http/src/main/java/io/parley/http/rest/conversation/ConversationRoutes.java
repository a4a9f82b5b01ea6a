package io.parley.http.rest.conversation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.experiment.ExperimentArm;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.recording.RecordingStore;
import io.parley.core.search.BlindIndex;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.FailureTally;
import io.parley.core.session.SessionId;
import io.parley.http.auth.Callers;
import io.parley.http.rest.SessionRoutes;
import io.parley.http.rest.StoreCalls;
import io.parley.http.rest.StoreRoutes;
import io.parley.http.rest.analytics.AnalyticsReport;
import io.parley.http.rest.analytics.KnowledgeGapReport;
import io.parley.http.rest.analytics.SpendReport;
import io.parley.persistence.costs.CostLine;
import io.parley.sessions.cost.TenantCosts;
import io.parley.http.rest.config.EvaluationRoutes;
import io.parley.persistence.calls.JdbcOutboundCalls;
import io.parley.persistence.calls.OutboundCallRow;
import io.parley.persistence.conversations.ConversationPage;
import io.parley.persistence.conversations.ConversationQuery;
import io.parley.persistence.conversations.ConversationRow;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.evaluation.ConversationCases;
import io.parley.sessions.evaluation.EvaluationCases;
import io.parley.persistence.conversations.JdbcConversations;
import io.parley.persistence.gaps.JdbcKnowledgeGaps;
import io.parley.tools.kb.KnowledgeBase;
import io.parley.sessions.failsafe.SessionFailures;
import io.parley.tools.tickets.TicketStatus;
import io.parley.tools.tickets.TicketStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * A tenant's conversations for its staff (docs/analytics.md), from the read model:
 * {@code GET /v1/conversations} (filters, a search of the words said, signed cursors),
 * {@code GET /v1/conversations/{id}} (the session's view), {@code PUT}/{@code DELETE
 * /v1/conversations/{id}/tags/{tag}}, and the admins' audited export ({@link ConversationExport}).
 * Every query is the caller's tenant's: another tenant's conversation is not found. {@code GET /v1/analytics}: the
 * tenant's figures over those rows ({@link AnalyticsReport}); {@code GET /v1/analytics/knowledge-gaps}, for its
 * admins, the questions its bot could not answer, by topic ({@link KnowledgeGapReport}). {@code POST
 * /v1/conversations/{id}/to-case}: an admin makes a conversation that went badly an evaluation case
 * (docs/evaluations.md). {@code POST /v1/conversations/{id}/messages}: the agent holding it writes to its
 * customer ({@link AgentMessageRoutes}). A page names the conversations whose sessions are failed-safe,
 * and {@code POST /v1/conversations/{id}/retry} lets an admin retry one ({@link FailedSafeConversations}).
 */
public final class ConversationRoutes extends StoreRoutes {
  record PageJson(String tenant, List<ConversationJson> conversations, Optional<String> next) {}

  record TaggedJson(String sessionId, String tag, boolean tagged) {}

  record RetriedJson(String sessionId, boolean retried) {}

  private final JdbcConversations conversations;
  private final SessionRoutes sessions;
  private final ConversationCursor cursors;
  private final BlindIndex index;
  private final ConversationExport export;
  private final JdbcKnowledgeGaps gaps;
  private final KnowledgeBase knowledgeBase;
  private final ConversationCases cases;
  private final Executor blocking;
  private final AgentMessageRoutes agentMessages;
  private final FailedSafeConversations failedSafe;
  private final JdbcOutboundCalls outboundCalls;
  private final TicketStore tickets;
  private final RecordingStore recordings;
  private final TenantCosts costs;

  /** {@code redactArchive}: the node's PARLEY_REDACT_ARCHIVE, which an export's transcripts follow as the archive does. */
  public ConversationRoutes(JdbcConversations conversations, JdbcKnowledgeGaps gaps, KnowledgeBase knowledgeBase, SessionRoutes sessions,
      ObjectMapper json, Callers callers, Executor blocking, boolean redactArchive, ConversationCases cases,
      SessionFailures failures, ChatSessions chatSessions, JdbcOutboundCalls outboundCalls, TicketStore tickets,
      RecordingStore recordings, TenantCosts costs) {
    super(callers, new StoreCalls(json, blocking));
    this.outboundCalls = outboundCalls;
    this.conversations = conversations;
    this.gaps = gaps;
    this.knowledgeBase = knowledgeBase;
    this.sessions = sessions;
    this.cursors = new ConversationCursor(conversations.cursorKey());
    this.index = new BlindIndex(conversations.searchKey());
    this.export = new ConversationExport(conversations, json, blocking, sessions::viewOf, redactArchive);
    this.cases = cases;
    this.blocking = blocking;
    this.agentMessages = sessions.agentMessages();
    this.failedSafe = new FailedSafeConversations(failures, chatSessions);
    this.tickets = tickets;
    this.recordings = recordings;
    this.costs = costs;
  }

  public Route route() {
    return concat(conversationRoutes(), path(PathMatchers.segment("v1").slash("analytics"), () -> get(() ->
        callers.caller(caller -> callers.permitted(caller, Action.READ_CONVERSATIONS, () -> parameterMap(parameters ->
            completeWithFuture(analytics(caller.tenant(), parameters))))))),
        path(PathMatchers.segment("v1").slash("analytics").slash("spend"), () -> get(() ->
            callers.caller(caller -> callers.permitted(caller, Action.READ_CONVERSATIONS, () -> parameterMap(parameters ->
                completeWithFuture(spend(caller.tenant(), parameters))))))),
        path(PathMatchers.segment("v1").slash("analytics").slash("knowledge-gaps"), () -> get(() ->
            callers.caller(caller -> callers.permitted(caller, Action.READ_KNOWLEDGE_GAPS, () -> parameterMap(parameters ->
                calls.call(() -> calls.json(StatusCodes.OK, KnowledgeGapReport.of(gaps, knowledgeBase, caller.tenant(), parameters,
                    Clock.systemUTC())))))))));
  }

  /** {@code GET /v1/conversations}'s answer: a page of the tenant's conversations. */
  public CompletionStage<HttpResponse> page(String tenant, Map<String, String> parameters) {
    return calls.answer(() -> {
      ConversationQuery query = ConversationParameters.query(tenant, parameters, cursors, index);
      ConversationPage page = conversations.page(query);
      List<String> ids = page.conversations().stream().map(ConversationRow::sessionId).toList();
      Map<String, ExperimentArm> arms = conversations.experiments().armsOf(tenant, ids);
      Map<String, FailureTally> failed = failedSafe.of(tenant, ids);
      Map<String, OutboundCallRow> placed = outboundCalls.ofSessions(tenant, ids);
      Map<String, String> inTicket = openTickets(tenant, ids);
      Map<String, CostLine> cost = costs.store().conversations(tenant, ids);
      return calls.json(StatusCodes.OK, new PageJson(tenant, page.conversations().stream()
          .map(row -> ConversationJson.of(row).in(Optional.ofNullable(arms.get(row.sessionId())))
              .failed(Optional.ofNullable(failed.get(row.sessionId())))
              .placed(Optional.ofNullable(placed.get(row.sessionId())))
              .inTicket(Optional.ofNullable(inTicket.get(row.sessionId())))
              .costing(Optional.ofNullable(cost.get(row.sessionId())))).toList(),
          page.next().map(position -> cursors.of(query, position))));
    });
  }

  /**
   * The id of the ticket each of {@code sessionIds} is in, open or pending (the newest, should it
   * have had several): a conversation the bot answers again since nobody came is in a ticket.
   */
  private Map<String, String> openTickets(String tenant, List<String> sessionIds) {
    Map<String, String> open = new HashMap<>();
    tickets.ofSessions(tenant, sessionIds).stream()
        .filter(ticket -> ticket.status() == TicketStatus.OPEN || ticket.status() == TicketStatus.PENDING)
        .forEach(ticket -> ticket.sessionId().ifPresent(session -> open.put(session, ticket.id())));
    return open;
  }

  /**
   * {@code GET /v1/conversations/{id}}'s answer: the conversation's session as staff see it, with
   * what the judge made of it ({@code quality}) once it was asked.
   */
  public CompletionStage<HttpResponse> conversation(Caller caller, String rawId) {
    SessionId id;
    try {
      id = SessionId.of(caller.tenant(), rawId);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedStage(calls.errors().response(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
    return CompletableFuture.supplyAsync(() -> conversations.find(id.tenant(), id.wireId()), blocking)
        .thenCompose(row -> {
          Optional<ConversationJson.QualityJson> quality = row.flatMap(ConversationRow::score)
              .map(ConversationJson.QualityJson::of);
          return quality.isPresent() ? sessions.staffView(id, Map.of("quality", quality.get())) : sessions.view(caller, id);
        })
        .exceptionally(failure -> calls.errors().response(ErrorCode.UNAVAILABLE, "the conversation could not be read; retry"));
  }

  /** {@code GET /v1/analytics/spend}'s answer: the tenant's spend against its budgets, and its costs by kind. */
  private CompletionStage<HttpResponse> spend(String tenant, Map<String, String> parameters) {
    return costs.standing(tenant).thenCompose(standing -> calls.answer(() -> calls.json(StatusCodes.OK,
        SpendReport.of(costs.store(), standing, tenant, parameters))));
  }

  /** {@code GET /v1/analytics}'s answer: the tenant's figures. */
  public CompletionStage<HttpResponse> analytics(String tenant, Map<String, String> parameters) {
    return calls.answer(() -> calls.json(StatusCodes.OK, AnalyticsReport.of(conversations, tenant, parameters)));
  }

  private Route conversationRoutes() {
    return pathPrefix(PathMatchers.segment("v1").slash("conversations"), () -> callers.caller(caller -> concat(
        pathEnd(() -> get(() -> callers.permitted(caller, Action.READ_CONVERSATIONS, () ->
            parameterMap(parameters -> completeWithFuture(page(caller.tenant(), parameters)))))),
        path("export", () -> get(() -> callers.permitted(caller, Action.EXPORT_CONVERSATIONS, () ->
            callers.audit().recorded(caller, "conversation.export", () -> parameterMap(parameters ->
                exported(caller.tenant(), parameters)))))),
        path(PathMatchers.segment(), rawId -> get(() -> callers.permitted(caller, Action.READ_CONVERSATIONS, () ->
            completeWithFuture(conversation(caller, rawId))))),
        pathPrefix(PathMatchers.segment(), rawId -> session(caller.tenant(), rawId, id -> concat(
            path("messages", () -> agentMessages.route(caller, id)),
            path("recording", () -> get(() -> callers.permitted(caller, Action.READ_CONVERSATIONS, () ->
                callers.audit().recorded(caller, "conversation.recording.read", () ->
                    calls.call(() -> RecordingResponse.of(recordings, id, calls.errors())))))),
            path("cost", () -> get(() -> callers.permitted(caller, Action.READ_CONVERSATIONS, () -> calls.call(() ->
                calls.json(StatusCodes.OK, SpendReport.conversation(costs.store(), id.tenant(), id.wireId())))))),
            path("retry", () -> post(() -> callers.permitted(caller, Action.RETRY_CONVERSATIONS, () ->
                callers.audit().recorded(caller, "conversation.retry", () -> calls.call(() -> failedSafe.retry(id)
                    ? calls.json(StatusCodes.OK, new RetriedJson(id.wireId(), true))
                    : calls.errors().response(ErrorCode.NOT_FOUND, "no failed-safe conversation with this id")))))),
            path("to-case", () -> post(() -> callers.permitted(caller, Action.CONFIGURE_BOT, () ->
                callers.audit().recorded(caller, "conversation.to_case", () -> calls.call(() -> {
                  EvaluationCases.Saved saved = cases.fromConversation(id.tenant(), id.wireId());
                  return calls.json(StatusCodes.CREATED, EvaluationRoutes.CaseJson.of(saved))
                      .addHeader(Location.create("/v1/evaluations/cases/" + saved.caseId()));
                }))))),
            path(PathMatchers.segment("tags").slash(PathMatchers.segment()), rawTag -> concat(
                put(() -> callers.permitted(caller, Action.TAG_CONVERSATIONS, () -> callers.audit().recorded(caller,
                    "conversation.tag", () -> tagged(id, rawTag, true)))),
                delete(() -> callers.permitted(caller, Action.TAG_CONVERSATIONS, () -> callers.audit().recorded(caller,
                    "conversation.untag", () -> tagged(id, rawTag, false))))))))))));
  }

  private Route exported(String tenant, Map<String, String> parameters) {
    try {
      return complete(export.response(tenant, parameters));
    } catch (IllegalArgumentException e) {
      return complete(calls.errors().response(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
  }

  private Route tagged(SessionId id, String rawTag, boolean tag) {
    return calls.call(() -> {
      String name = ConversationParameters.tag(rawTag);
      boolean found = tag ? conversations.tag(id.tenant(), id.wireId(), name)
          : conversations.untag(id.tenant(), id.wireId(), name);
      return found ? calls.json(StatusCodes.OK, new TaggedJson(id.wireId(), name, tag))
          : calls.errors().response(ErrorCode.NOT_FOUND, "no such conversation");
    });
  }

  private Route session(String tenant, String rawId, Function<SessionId, Route> inner) {
    try {
      return inner.apply(SessionId.of(tenant, rawId));
    } catch (IllegalArgumentException e) {
      return complete(calls.errors().response(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
  }
}
