package io.parley.http.rest;

import io.parley.core.AsyncCause;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.http.chat.FrameCodec;
import io.parley.http.chat.ServerFrame;
import io.parley.sessions.ChatSession;
import io.parley.sessions.ChatSessions;
import io.parley.sessions.ConversationNotes;
import io.parley.sessions.Outcome;
import io.parley.sessions.SessionInfo;
import io.parley.sessions.SessionView;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Location;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

/**
 * The REST face of sessions (PROTOCOL.md): create, inspect, post a message and wait for the
 * answer (for clients that cannot stream), close. A thin translator: parse, ask the entity,
 * map its outcome to a status code.
 */
public final class SessionRoutes extends AllDirectives {
  /** The REST representation of a session: translated from internal state, a public format. */
  record SessionJson(
      String sessionId, String tenant, Optional<String> userId, String status, long lastSeq, Instant startedAt,
      Optional<Instant> closedAt, Optional<String> closeReason, Optional<SummaryJson> summary, List<FactJson> facts,
      List<SupersededJson> supersededFacts, UsageJson usage, Optional<ArchivedJson> archived,
      List<ServerFrame.Message> messages) {
    static SessionJson of(SessionView view) {
      SessionInfo info = view.info();
      ConversationNotes notes = view.notes();
      return new SessionJson(info.sessionId(), info.tenant(), info.userId(), info.status().wireName(), info.lastSeq(),
          info.startedAt(), view.closedAt(), view.closeReason(),
          notes.summary().map(s -> new SummaryJson(s.text(),
              s.covered().stream().map(r -> new RangeJson(r.fromSeq(), r.toSeq())).toList(),
              s.lastSource().wireName(), s.updatedAt())),
          notes.facts().stream().map(f -> new FactJson(f.name(), f.value(), f.sourceSeq(), f.at())).toList(),
          notes.superseded().stream().map(f -> new SupersededJson(f.fact().name(), f.fact().value(), f.replacedBy(),
              f.replacedAtSeq(), f.at())).toList(),
          new UsageJson(notes.usage().promptTokens(), notes.usage().completionTokens()),
          view.archive().map(a -> new ArchivedJson(a.key(), a.sha256(), a.bytes(), a.location(), a.at())),
          view.messages().stream().map(ServerFrame.Message::of).toList());
    }
  }

  record SummaryJson(String text, List<RangeJson> covers, String source, Instant updatedAt) {}

  record RangeJson(long fromSeq, long toSeq) {}

  record FactJson(String name, String value, long sourceSeq, Instant at) {}

  record SupersededJson(String name, String value, String replacedBy, long replacedAtSeq, Instant at) {}

  record UsageJson(long promptTokens, long completionTokens) {}

  record ArchivedJson(String key, String sha256, long bytes, String location, Instant at) {}

  private final ChatSessions sessions;
  private final ObjectMapper json;
  private final ApiError errors;
  private final TenantParameter tenants;
  private final Duration askTimeout;
  private final Duration answerTimeout;
  private final long maxTextBytes;

  public SessionRoutes(
      ChatSessions sessions, ObjectMapper json, TenantParameter tenants, Duration askTimeout, Duration answerTimeout,
      long maxTextBytes) {
    this.sessions = sessions;
    this.json = json;
    this.errors = new ApiError(json);
    this.tenants = tenants;
    this.askTimeout = askTimeout;
    this.answerTimeout = answerTimeout;
    this.maxTextBytes = maxTextBytes;
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("sessions", () -> tenants.extract(tenant -> concat(
        pathEnd(() -> post(() -> body(body -> create(tenant, body)))),
        pathPrefix(PathMatchers.segment(), rawId -> withSession(tenant, rawId, id -> concat(
            pathEnd(() -> concat(
                get(() -> completeWithFuture(view(id))),
                delete(() -> completeWithFuture(close(id))))),
            path("messages", () -> post(() -> body(body -> completeWithFuture(postMessage(id, body))))))))))));
  }

  private Route withSession(String tenant, String rawId, Function<SessionId, Route> inner) {
    try {
      return inner.apply(SessionId.of(tenant, rawId));
    } catch (IllegalArgumentException e) {
      return complete(errors.response(ErrorCode.BAD_REQUEST, e.getMessage()));
    }
  }

  /** Reads an optional JSON object body; an empty body reads as {@code {}}. */
  private Route body(Function<JsonNode, Route> inner) {
    return entity(Unmarshaller.entityToString(), raw -> {
      if (raw.isBlank()) return inner.apply(json.createObjectNode());
      try {
        JsonNode node = json.readTree(raw);
        if (!node.isObject()) return complete(errors.response(ErrorCode.BAD_REQUEST, "the body must be a JSON object"));
        return inner.apply(node);
      } catch (JsonProcessingException e) {
        return complete(errors.response(ErrorCode.BAD_REQUEST, "malformed JSON: " + e.getOriginalMessage()));
      }
    });
  }

  private Route create(String tenant, JsonNode body) {
    JsonNode rawUserId = body.get("userId");
    if (rawUserId != null && !rawUserId.isNull() && (!rawUserId.isTextual() || rawUserId.asText().trim().length() > FrameCodec.MAX_ID_LENGTH)) {
      return complete(errors.response(ErrorCode.BAD_REQUEST, "userId must be a string of at most " + FrameCodec.MAX_ID_LENGTH + " characters"));
    }
    Optional<String> userId = Optional.ofNullable(rawUserId).filter(JsonNode::isTextual).map(n -> n.asText().trim())
        .filter(id -> !id.isEmpty());
    SessionId id = SessionId.random(tenant);
    return completeWithFuture(this.<SessionInfo>ask(id, replyTo -> new ChatSession.Start(userId, replyTo), askTimeout, value ->
        HttpResponse.create()
            .withStatus(StatusCodes.CREATED)
            .addHeader(Location.create("/v1/sessions/" + id.wireId() + "?tenant=" + tenant))
            .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON,
                json.createObjectNode().put("sessionId", id.wireId()).toString()))));
  }

  private CompletionStage<HttpResponse> view(SessionId id) {
    return this.<SessionView>ask(id, ChatSession.GetView::new, askTimeout,
        value -> ok(StatusCodes.OK, SessionJson.of((SessionView) value)));
  }

  private CompletionStage<HttpResponse> close(SessionId id) {
    return this.<Outcome.Closing>ask(id, replyTo -> new ChatSession.Close("closed via the REST API", replyTo), askTimeout, value ->
        ok(StatusCodes.OK, json.createObjectNode()
            .put("sessionId", id.wireId()).put("status", "closed").put("reason", ((Outcome.Closing) value).reason())));
  }

  private CompletionStage<HttpResponse> postMessage(SessionId id, JsonNode body) {
    JsonNode clientMsgId = body.get("clientMsgId");
    JsonNode text = body.get("text");
    if (clientMsgId == null || !clientMsgId.isTextual() || clientMsgId.asText().isBlank()) {
      return done(errors.response(ErrorCode.BAD_REQUEST, "missing field: clientMsgId"));
    }
    if (clientMsgId.asText().length() > FrameCodec.MAX_ID_LENGTH) {
      return done(errors.response(ErrorCode.BAD_REQUEST, "clientMsgId is longer than " + FrameCodec.MAX_ID_LENGTH + " characters"));
    }
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      return done(errors.response(ErrorCode.BAD_REQUEST, "missing field: text"));
    }
    int bytes = text.asText().getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxTextBytes) {
      return done(errors.response(ErrorCode.TOO_LARGE, "text is " + bytes + " bytes; the limit is " + maxTextBytes));
    }
    return sessions.entity(id)
        .<Outcome<Outcome.Accepted>>ask(replyTo -> new ChatSession.PostUserMessage(clientMsgId.asText(), text.asText(), replyTo), askTimeout)
        .thenCompose(accepted -> {
          if (accepted instanceof Outcome.Refused<?> refused) return done(refusal(refused));
          String turnId = ((Outcome.Ok<Outcome.Accepted>) accepted).value().turnId();
          return this.<Outcome.Answer>ask(id, replyTo -> new ChatSession.AwaitAnswer(turnId, replyTo), answerTimeout, value -> {
            ChatMessage answer = ((Outcome.Answer) value).message();
            return ok(StatusCodes.OK, ServerFrame.Message.of(answer));
          });
        })
        .exceptionally(this::unavailable);
  }

  private <T extends Outcome.Value> CompletionStage<HttpResponse> ask(
      SessionId id, Function<ActorRef<Outcome<T>>, ChatSession.Command> request, Duration timeout,
      Function<Outcome.Value, HttpResponse> onOk) {
    return sessions.entity(id).ask(request::apply, timeout)
        .thenApply(outcome -> outcome instanceof Outcome.Ok<T> okOutcome
            ? onOk.apply(okOutcome.value())
            : refusal((Outcome.Refused<T>) outcome))
        .exceptionally(this::unavailable);
  }

  /** A refusal; a rate limit also says when to retry, as {@code Retry-After} (whole seconds, rounded up). */
  private HttpResponse refusal(Outcome.Refused<?> refused) {
    HttpResponse response = errors.response(refused.code(), refused.message());
    return refused.retryAfterMs()
        .map(ms -> response.addHeader(RawHeader.create("Retry-After", Long.toString((ms + 999) / 1000))))
        .orElse(response);
  }

  private HttpResponse unavailable(Throwable failure) {
    Throwable cause = AsyncCause.of(failure);
    if (cause instanceof TimeoutException) {
      return errors.response(ErrorCode.UNAVAILABLE, "the session did not answer in time; retry");
    }
    return errors.response(ErrorCode.INTERNAL, "the request failed: " + cause.getClass().getSimpleName());
  }

  private HttpResponse ok(StatusCode status, Object body) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json.writeValueAsString(body)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response could not be encoded", e);
    }
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return java.util.concurrent.CompletableFuture.completedFuture(response);
  }
}
