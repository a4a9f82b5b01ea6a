package io.parley.http.rest;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.call.CallEnd;
import io.parley.core.experiment.ExperimentArm;
import io.parley.core.handoff.CallTransfer;
import io.parley.core.handoff.Handoff;
import io.parley.core.handoff.HandoffStatus;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.identity.AccessPolicy;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.Decision;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.lead.LeadContribution;
import io.parley.core.limits.SessionStartLimits;
import io.parley.core.session.Channel;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.MessageRules;
import io.parley.core.session.PageContext;
import io.parley.core.session.Rating;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.core.trace.Tracing;
import io.parley.http.auth.Audit;
import io.parley.http.auth.Callers;
import io.parley.http.chat.AttachmentJson;
import io.parley.http.chat.FrameCodec;
import io.parley.http.chat.ServerFrame;
import io.parley.http.edge.Refusals;
import io.parley.http.rest.conversation.AgentMessageRoutes;
import io.parley.http.rest.conversation.ProcedureRunJson;
import io.parley.http.rest.conversation.ToolCallJson;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionView;
import io.parley.sessions.entity.ChatSessions;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.pattern.StatusReply;

/**
 * The REST face of sessions (PROTOCOL.md): create, inspect, post a message and wait for the
 * answer (for clients that cannot stream), close. A thin translator: parse (with the
 * {@link MessageRules} the socket follows too), ask the entity, map its reply or refusal to a
 * status code ({@link Refusals}).
 */
public final class SessionRoutes extends AllDirectives {
  /**
   * The REST representation of a session as the support team sees it: translated from internal
   * state, a public format. Its customer gets {@link CustomerSessionJson}.
   */
  public record SessionJson(
      String sessionId, String tenant, Optional<String> userId, Channel channel, String status, long lastSeq,
      Instant startedAt, HandoffJson handoff, Optional<Integer> botConfigVersion, Optional<Boolean> botConfigDraft,
      Optional<Instant> closedAt, Optional<String> closeReason, Optional<CallEnd> callEnd, Optional<SummaryJson> summary,
      List<FactJson> facts,
      List<SupersededJson> supersededFacts, UsageJson usage, Optional<LeadJson> lead, Optional<ArchivedJson> archived,
      List<ServerFrame.Message> messages, List<CallTransfer> transfers, Optional<Map<String, String>> context,
      Optional<Rating> rating, Optional<LanguageJson> language, List<ToolCallJson> toolCalls,
      List<AttachmentJson> attachments, Optional<ExperimentArmJson> experiment, List<ProcedureRunJson> procedures) {
    public static SessionJson of(SessionView view) {
      SessionInfo info = view.info();
      ConversationNotes notes = view.notes();
      return new SessionJson(info.sessionId(), info.tenant(), info.userId(), info.channel(), info.status().wireName(),
          info.lastSeq(), info.startedAt(), HandoffJson.of(info.handoff()), view.botConfigVersion(),
          info.botConfig().filter(PinnedBotConfig::draft).map(draft -> true), view.closedAt(),
          view.closeReason(), CallEnd.ofSession(info.channel(), view.closeReason()),
          notes.summary().map(s -> new SummaryJson(s.text(),
              s.covered().stream().map(r -> new RangeJson(r.fromSeq(), r.toSeq())).toList(),
              s.lastSource().wireName(), s.updatedAt())),
          notes.facts().stream().map(f -> new FactJson(f.name(), f.value(), f.sourceSeq(), f.at())).toList(),
          notes.superseded().stream().map(f -> new SupersededJson(f.fact().name(), f.fact().value(), f.replacedBy(),
              f.replacedAtSeq(), f.at())).toList(),
          new UsageJson(notes.usage().promptTokens(), notes.usage().completionTokens()),
          notes.lead().map(l -> new LeadJson(l.score(), l.qualified(), l.contributions(), l.at())),
          view.archive().map(a -> new ArchivedJson(a.key(), a.sha256(), a.bytes(), ArchivedJson.publicLocation(a.location()),
              a.at())),
          view.messages().stream().map(m -> ServerFrame.Message.forStaff(m).offering(view.optionsOf(m.seq()))
              .citing(view.citationsOf(m.seq()))).toList(),
          notes.transfers(),
          notes.page().map(PageContext::fields), notes.rating(), notes.language().map(LanguageJson::of),
          notes.toolCalls().stream().map(ToolCallJson::of).toList(),
          AttachmentJson.allOf(view.info().sessionId(), view.notes().attachments()),
          info.botConfig().flatMap(PinnedBotConfig::experiment).map(ExperimentArmJson::of),
          ProcedureRunJson.allOf(notes.procedures(), info.botConfig()));
    }
  }

  /** The experiment the conversation was started in ({@code GET /v1/experiments/{id}}) and its arm, live or candidate. */
  public record ExperimentArmJson(int id, String arm) {
    public static ExperimentArmJson of(ExperimentArm arm) {
      return new ExperimentArmJson(arm.experiment(), arm.arm().wireName());
    }
  }

  /** The conversation's language (a BCP 47 tag) and where it was learnt: start, context, profile, tenant or detected. */
  public record LanguageJson(String tag, String source) {
    static LanguageJson of(ConversationLanguage language) {
      return new LanguageJson(language.tag().tag(), language.source().wireName());
    }
  }

  /**
   * The session as its customer sees it, as the chat socket shows it: the conversation, its state,
   * the agent by display name, the page context their browser sent and their rating. What the
   * support team keeps about the conversation (the agent's id, an API key's name among them, what
   * brought the person in, the lead score, the tokens used, the summary and pinned facts, the
   * configuration version, the archive and phone transfers' targets) is not the customer's to read.
   */
  public record CustomerSessionJson(
      String sessionId, String tenant, Optional<String> userId, Channel channel, String status, long lastSeq,
      Instant startedAt, CustomerHandoffJson handoff, Optional<Instant> closedAt, Optional<String> closeReason,
      Optional<CallEnd> callEnd, List<ServerFrame.Message> messages, Optional<Map<String, String>> context,
      Optional<Rating> rating, Optional<String> language, List<AttachmentJson> attachments) {
    public static CustomerSessionJson of(SessionView view) {
      SessionInfo info = view.info();
      Handoff handoff = info.handoff();
      return new CustomerSessionJson(info.sessionId(), info.tenant(), info.userId(), info.channel(),
          info.status().wireName(), info.lastSeq(), info.startedAt(),
          new CustomerHandoffJson(handoff.status(), handoff.agentName(), handoff.since()), view.closedAt(),
          view.closeReason(), CallEnd.ofSession(info.channel(), view.closeReason()),
          view.messages().stream().map(m -> ServerFrame.Message.of(m).offering(view.optionsOf(m.seq()))
              .citing(view.citationsOf(m.seq()))).toList(),
          view.notes().page().map(PageContext::fields),
          view.notes().rating(), view.notes().language().map(language -> language.tag().tag()),
          AttachmentJson.allOf(view.info().sessionId(), view.notes().attachments()));
    }
  }

  /** Who answers, as the customer sees it: the bot, nobody yet, or an agent by the name the agent gave. */
  public record CustomerHandoffJson(HandoffStatus status, Optional<String> agent, Optional<Instant> since) {}

  /** Who answers: {@code bot}, {@code waiting_for_agent} or {@code agent}; the rest only when a person is involved. */
  public record HandoffJson(HandoffStatus status, Optional<String> agentId, Optional<String> agent,
      Optional<HandoffTrigger> trigger, Optional<Instant> since) {
    static HandoffJson of(Handoff handoff) {
      return new HandoffJson(handoff.status(), handoff.agentId(), handoff.agentName(), handoff.trigger(), handoff.since());
    }
  }

  record SummaryJson(String text, List<RangeJson> covers, String source, Instant updatedAt) {}

  record RangeJson(long fromSeq, long toSeq) {}

  record FactJson(String name, String value, long sourceSeq, Instant at) {}

  record SupersededJson(String name, String value, String replacedBy, long replacedAtSeq, Instant at) {}

  record UsageJson(long promptTokens, long completionTokens) {}

  /** The lead score after the last customer message that moved it, with each signal's contribution. */
  record LeadJson(int score, boolean qualified, List<LeadContribution> contributions, Instant updatedAt) {}

  record ArchivedJson(String key, String sha256, long bytes, String location, Instant at) {
    /** A bucket names no more than its name; a directory store says only that it is local: its path is the server's. */
    static String publicLocation(String location) {
      return location.startsWith("file:") ? "local" : location;
    }
  }

  private final ChatSessions sessions;
  private final JsonBodies bodies;
  private final ApiError errors;
  private final Callers callers;
  private final MessageRules rules;
  private final Duration askTimeout;
  private final Duration answerTimeout;
  private final Executor replies;
  private final Tracing tracing;
  private final SessionStartLimits starts;
  private final Audit audit;

  public SessionRoutes(ChatSessions sessions, JsonBodies bodies, ApiError errors, Callers callers,
      MessageRules rules, Duration askTimeout, Duration answerTimeout, Executor replies, Tracing tracing,
      SessionStartLimits starts) {
    this.tracing = tracing;
    this.starts = starts;
    this.sessions = sessions;
    this.bodies = bodies;
    this.errors = errors;
    this.callers = callers;
    this.audit = callers.audit();
    this.rules = rules;
    this.askTimeout = askTimeout;
    this.answerTimeout = answerTimeout;
    this.replies = replies;
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("sessions", () -> callers.caller(caller -> concat(
        pathEnd(() -> post(() -> audit.recordedForStaff(caller, "session.start", () -> callers.clientAddress(address ->
            bodies.objectBody(body -> validated(() -> create(caller, body, address))))))),
        pathPrefix(PathMatchers.segment(), rawId -> withSession(caller.tenant(), rawId, id -> concat(
            pathEnd(() -> concat(
                get(() -> audit.recordedForStaff(caller, "session.read", () -> completeWithFuture(view(caller, id)))),
                delete(() -> audit.recordedForStaff(caller, "session.close", () ->
                    completeWithFuture(owned(caller, id, () -> close(id))))))),
            path("messages", () -> post(() -> audit.recordedForStaff(caller, "session.message", () ->
                optionalHeaderValueByName("traceparent", traceparent -> bodies.objectBody(body ->
                    validated(() -> owned(caller, id, () -> postMessage(id, body, traceparent)))))))),
            path("rating", () -> post(() -> rate(caller, id))))))))));
  }

  private Route withSession(String tenant, String rawId, Function<SessionId, Route> inner) {
    try {
      return inner.apply(SessionId.of(tenant, rawId));
    } catch (IllegalArgumentException e) {
      return complete(errors.response(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
  }

  /** Runs a route whose input checks throw a {@link Refusal}: it becomes the response. */
  private Route validated(Supplier<CompletionStage<HttpResponse>> route) {
    try {
      return completeWithFuture(route.get());
    } catch (Refusal refused) {
      return complete(errors.response(refused));
    }
  }

  private CompletionStage<HttpResponse> create(Caller caller, JsonNode body, Optional<String> clientAddress) {
    Optional<String> userId = MessageRules.optionalId("userId", StoreCalls.optionalString(body, "userId").orElse(null));
    AccessPolicy.mayStart(caller, userId).orRefuse();
    starts.start(caller.tenant(), clientAddress, Instant.now()).ifPresent(tooMany -> {
      throw tooMany.refusal();
    });
    Optional<String> owner = AccessPolicy.ownerOfNewSession(caller, userId);
    Channel channel = StoreCalls.optionalString(body, "channel").map(MessageRules::webChannel).orElse(Channel.CHAT);
    boolean draft = draft(caller, body);
    SessionId id = SessionId.random(caller.tenant());
    return ask(id, SessionInfo.class, replyTo -> SessionCommand.Start.ofNewId(owner, channel, draft, replyTo), askTimeout,
        info -> bodies.response(StatusCodes.CREATED, new CreatedJson(id.wireId()))
            .addHeader(Location.create("/v1/sessions/" + id.wireId() + "?tenant=" + caller.tenant())));
  }

  record CreatedJson(String sessionId) {}

  /** {@code "draft": true} starts a test session on the tenant's draft configuration: only for those who configure the bot. */
  private static boolean draft(Caller caller, JsonNode body) {
    JsonNode draft = body.get("draft");
    if (draft == null || draft.isNull()) return false;
    if (!draft.isBoolean()) throw Refusal.of(ErrorCode.BAD_REQUEST, "draft: must be true or false");
    if (draft.booleanValue()) AccessPolicy.decide(caller, Action.CONFIGURE_BOT).orRefuse();
    return draft.booleanValue();
  }

  /** The session as {@code GET /v1/sessions/{id}} answers it: all of it to staff, its customer's part to a customer. */
  public CompletionStage<HttpResponse> view(Caller caller, SessionId id) {
    return ask(id, SessionView.class, SessionCommand.GetView::new, askTimeout,
        view -> AccessPolicy.mayUseSession(caller, view.info().userId()) instanceof Decision.Forbidden forbidden
            ? errors.response(ErrorCode.FORBIDDEN, forbidden.reason())
            : bodies.response(StatusCodes.OK, caller.isStaff() ? SessionJson.of(view) : CustomerSessionJson.of(view)));
  }

  /** The session as {@link #view} answers staff, with the fields of {@code beside} added to it. */
  public CompletionStage<HttpResponse> staffView(SessionId id, Map<String, Object> beside) {
    return ask(id, SessionView.class, SessionCommand.GetView::new, askTimeout, view -> {
      ObjectNode body = (ObjectNode) bodies.tree(SessionJson.of(view));
      beside.forEach((name, value) -> body.set(name, bodies.tree(value)));
      return bodies.response(StatusCodes.OK, body);
    });
  }

  /** An agent's messages to a conversation over REST ({@link AgentMessageRoutes}), with these routes' rules and timeouts. */
  public AgentMessageRoutes agentMessages() {
    return new AgentMessageRoutes(sessions, bodies, callers, rules, askTimeout, replies);
  }

  /** The whole session, for staff who were allowed to read it (an export's transcripts). */
  public CompletionStage<SessionView> viewOf(SessionId id) {
    return sessions.entity(id).askWithStatus(SessionCommand.GetView::new, askTimeout);
  }

  /**
   * Runs {@code action} on a session the caller may use. Staff may use any session of its tenant;
   * a customer's ownership is read from the session first (its view: REST is not the chat's hot path).
   */
  private CompletionStage<HttpResponse> owned(Caller caller, SessionId id, Supplier<CompletionStage<HttpResponse>> action) {
    return caller.isStaff() ? action.get() : ofItsCustomer(caller, id, Optional.empty(), action);
  }

  /**
   * Runs {@code action} for the session's own customer; staff get {@code staffRefusal} (when
   * given), once the session is found in their tenant: another tenant's staff learn nothing of it.
   */
  private CompletionStage<HttpResponse> ofItsCustomer(Caller caller, SessionId id, Optional<String> staffRefusal,
      Supplier<CompletionStage<HttpResponse>> action) {
    return sessions.entity(id).<SessionView>askWithStatus(SessionCommand.GetView::new, askTimeout)
        .thenComposeAsync(view -> {
          if (caller.isStaff()) staffRefusal.ifPresent(reason -> {
            throw Refusal.of(ErrorCode.FORBIDDEN, reason);
          });
          AccessPolicy.mayUseSession(caller, view.info().userId()).orRefuse();
          return action.get();
        }, replies)
        .exceptionally(failure -> errors.response(Refusals.of(failure, "the session")));
  }

  private CompletionStage<HttpResponse> close(SessionId id) {
    return ask(id, SessionCommand.Closing.class, replyTo -> new SessionCommand.Close("closed via the REST API", replyTo),
        askTimeout, closing -> bodies.response(StatusCodes.OK, new ClosedJson(id.wireId(), "closed", closing.reason())));
  }

  record ClosedJson(String sessionId, String status, String reason) {}

  /** The conversation's customer rates it: not its staff; another customer is refused as for its messages. */
  private Route rate(Caller caller, SessionId id) {
    return audit.recordedForStaff(caller, "session.rate", () -> bodies.objectBody(body -> validated(() -> {
      Rating.Given given = Rating.Given.of(body);
      return ofItsCustomer(caller, id, Optional.of("only the conversation's customer rates it"), () -> rate(id, given));
    })));
  }

  /** Rates the conversation once, open or within the rating window after its close. */
  private CompletionStage<HttpResponse> rate(SessionId id, Rating.Given given) {
    return ask(id, Rating.class, replyTo -> new SessionCommand.Rate(given.score(), given.comment(), replyTo), askTimeout,
        rating -> bodies.response(StatusCodes.CREATED, new RatingJson(id.wireId(), rating)));
  }

  record RatingJson(String sessionId, @JsonUnwrapped Rating rating) {}

  /**
   * Stores the message, then waits for the answer of its turn (a retried message gets the same
   * answer). Its turn's trace continues the caller's when the request carries a {@code traceparent}.
   */
  private CompletionStage<HttpResponse> postMessage(SessionId id, JsonNode body, Optional<String> traceparent) {
    String clientMsgId = MessageRules.id("clientMsgId", StoreCalls.optionalString(body, "clientMsgId").orElse(null));
    String text = rules.text(StoreCalls.optionalString(body, "text")
        .orElseThrow(() -> Refusal.of(ErrorCode.BAD_REQUEST, "missing field: text")));
    Span span = tracing.start("rest.user_message", SpanKind.SERVER, traceparent)
        .setAttribute("parley.tenant", id.tenant()).setAttribute("parley.session_id", id.wireId());
    return sessions.entity(id)
        .<SessionCommand.Accepted>askWithStatus(replyTo -> new SessionCommand.PostUserMessage(clientMsgId, text,
            Optional.empty(), Tracing.traceparent(span), replyTo, FrameCodec.attachmentIds(body)), askTimeout)
        .thenComposeAsync(accepted -> ask(id, SessionCommand.Answer.class,
            replyTo -> new SessionCommand.AwaitAnswer(accepted.turnId(), replyTo), answerTimeout,
            answer -> bodies.response(StatusCodes.OK, ServerFrame.Message.of(answer.message()))), replies)
        .exceptionally(failure -> errors.response(Refusals.of(failure, "the session")))
        .whenComplete((response, failure) -> span.setAttribute("http.response.status_code",
            response == null ? 500 : response.status().intValue()).end());
  }

  /**
   * Asks the session and answers with {@code onReply} of its reply, or with the refusal it means.
   * Mapped on {@code replies}, an executor of the node: the reply's own future would otherwise run
   * the mapping on a new thread of the JDK's common pool, on every request of a two-core node.
   */
  private <T> CompletionStage<HttpResponse> ask(SessionId id, Class<T> type,
      Function<ActorRef<StatusReply<T>>, SessionCommand> request, Duration timeout, Function<T, HttpResponse> onReply) {
    return sessions.entity(id).<T>askWithStatus(request::apply, timeout)
        .handleAsync((reply, failure) -> failure == null
            ? onReply.apply(reply)
            : errors.response(Refusals.of(failure, "the session")), replies);
  }
}
