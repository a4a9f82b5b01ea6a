package io.parley.http.a2a;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.identity.Caller;
import io.parley.core.session.Refusal;
import io.parley.core.session.SessionId;
import io.parley.http.auth.Callers;
import io.parley.http.edge.Refusals;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.SessionUpdate.ApprovalChanged;
import io.parley.sessions.bot.BotConfigs;
import java.util.List;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.Uri;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.apache.pekko.japi.pf.PFBuilder;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * Each tenant's bot as an A2A 1.0 agent (docs/protocol.md, "A2A"): the public agent card at
 * {@code GET /v1/a2a/{tenant}/.well-known/agent-card.json}, and the JSON-RPC 2.0 endpoint {@code POST /v1/a2a/{tenant}}
 * that the card names. Every method needs a credential of that tenant that may start a conversation, as
 * {@code POST /v1/sessions} does; an anonymous caller is refused with 401, another tenant's credential with 403, and
 * neither learns anything of the tenant's conversations. A message is a customer message in a conversation on channel
 * {@code a2a} ({@link A2aConversation}); {@code SendStreamingMessage} answers with server-sent events.
 */
public final class A2aRoutes extends AllDirectives {
  private final A2aConversation conversation;
  private final BotConfigs configs;
  private final Predicate<String> serves;
  private final Callers callers;
  private final ObjectMapper json;
  private final A2aAnswers answers;
  private final A2aCard cards;
  private final Materializer materializer;

  /** {@code serves}: whether this node serves a tenant, asked at each request. */
  public A2aRoutes(A2aConversation conversation, BotConfigs configs, Predicate<String> serves, Callers callers,
      ObjectMapper json, Materializer materializer) {
    this.conversation = conversation;
    this.configs = configs;
    this.serves = serves;
    this.callers = callers;
    this.json = json;
    this.answers = new A2aAnswers(json);
    this.cards = new A2aCard(json);
    this.materializer = materializer;
  }

  public Route route() {
    return pathPrefix("v1", () -> pathPrefix("a2a", () -> pathPrefix(PathMatchers.segment(), tenant ->
        served(tenant, () -> concat(
            path(PathMatchers.segment(".well-known").slash("agent-card.json"), () -> get(() ->
                extractRequest(request -> completeWithFuture(card(tenant, request))))),
            pathEnd(() -> post(() -> callers.caller(caller -> ofTenant(tenant, caller, () ->
                entity(Unmarshaller.entityToString(), body -> completeWithFuture(call(caller, body))))))))))));
  }

  private Route served(String tenant, Supplier<Route> inner) {
    return SessionId.isValidTenant(tenant) && serves.test(tenant) ? inner.get()
        : complete(notServed(tenant));
  }

  /**
   * The tenant's credential only, each call recorded as {@code a2a.message} (a customer's only when refused): an
   * anonymous caller has none (401), and to another tenant's credential no agent is here (404).
   */
  private Route ofTenant(String tenant, Caller caller, Supplier<Route> inner) {
    return callers.audit().recordedForStaff(caller, "a2a.message", () -> {
      if (caller.actor().equals(Caller.ANONYMOUS)) {
        return complete(json(StatusCodes.UNAUTHORIZED, answers.error(json.nullNode(),
            new A2aError(A2aError.INVALID_REQUEST, "an API key or token of tenant " + tenant + " is required"))));
      }
      return caller.tenant().equals(tenant) ? inner.get() : complete(notServed(tenant));
    });
  }

  private HttpResponse notServed(String tenant) {
    return json(StatusCodes.NOT_FOUND, answers.error(json.nullNode(),
        new A2aError(A2aError.TASK_NOT_FOUND, "no agent is served here for tenant " + tenant)));
  }

  private CompletionStage<HttpResponse> card(String tenant, HttpRequest request) {
    Uri uri = request.getUri();
    String endpoint = uri.scheme() + "://" + uri.host().address() + ":" + uri.port() + "/v1/a2a/" + tenant;
    return configs.current(tenant).thenApply(pinned -> json(StatusCodes.OK, cards.of(tenant, endpoint,
        pinned.map(PinnedBotConfig::config), pinned.map(p -> "config-" + p.version()).orElse("config-0"))));
  }

  private CompletionStage<HttpResponse> call(Caller caller, String body) {
    A2aRequest request = A2aRequest.read(json, body);
    return switch (request) {
      case A2aRequest.Refused refused -> done(StatusCodes.OK, answers.error(refused.id(), refused.error()));
      case A2aRequest.TaskLookup lookup -> done(StatusCodes.OK, answers.error(lookup.id(), new A2aError(
          A2aError.TASK_NOT_FOUND, "task " + lookup.taskId() + " not found: answers are kept in their context, not as tasks")));
      case A2aRequest.Send send when send.streaming() -> stream(caller, send);
      case A2aRequest.Send send -> followed(caller, send)
          .thenCompose(turn -> turn.updates().filter(update -> !(update instanceof SessionUpdate.Delta))
              .runWith(Sink.headOption(), materializer)
              .thenCompose(end -> end.filter(ApprovalChanged.class::isInstance).map(ApprovalChanged.class::cast)
                  .<CompletionStage<JsonNode>>map(approval -> CompletableFuture.completedStage(answers.waitingTask(
                      turn.posted().turnId(), turn.posted().contextId(), approval, turn.askedAgain())))
                  .orElseGet(() -> conversation.answer(turn.posted()).thenApply(text ->
                      answers.message(turn.posted().contextId(), text)))))
          .thenApply(result -> json(StatusCodes.OK, answers.result(send.id(), result)))
          .exceptionally(failure -> refused(send.id(), failure));
    };
  }

  /**
   * The events of one turn: the task at once, each piece of the answer as the model streams it, then the whole answer
   * (replacing the pieces) and the completed status; or, where a tool call of the turn waits for the customer's
   * approval, the task waiting for input. In that order: the pieces end where the turn does, and only then the whole
   * answer follows, which was asked for at once.
   */
  private CompletionStage<HttpResponse> stream(Caller caller, A2aRequest.Send send) {
    return followed(caller, send).thenApply(turn -> {
      String task = turn.posted().turnId();
      String context = turn.posted().contextId();
      Source<JsonNode, NotUsed> answered = Source.completionStage(conversation.answer(turn.posted()))
          .mapConcat(text -> List.<JsonNode>of(answers.chunk(task, context, text, false, true),
              answers.completed(task, context, text)));
      Source<JsonNode, NotUsed> events = Source.<JsonNode>single(answers.task(task, context))
          .concat(turn.updates().flatMapConcat(update -> switch (update) {
            case SessionUpdate.Delta delta -> Source.<JsonNode>single(answers.chunk(task, context, delta.text(), true, false));
            case ApprovalChanged approval -> Source.<JsonNode>single(answers.inputRequired(task, context, approval,
                turn.askedAgain()));
            default -> answered;
          }))
          .recover(new PFBuilder<Throwable, JsonNode>()
              .match(Throwable.class, failure -> answers.error(send.id(), error(failure))).build())
          .map(result -> result.has("error") ? result : answers.result(send.id(), result));
      return HttpResponse.create().withEntity(HttpEntities.createChunked(
          ContentTypes.create(MediaTypes.TEXT_EVENT_STREAM), events.map(this::event)));
    }).exceptionally(failure -> refused(send.id(), failure));
  }

  private CompletionStage<A2aConversation.Followed> followed(Caller caller, A2aRequest.Send send) {
    try {
      return conversation.follow(caller, send, materializer);
    } catch (Refusal refused) {
      return CompletableFuture.failedFuture(refused);
    }
  }

  private HttpResponse refused(JsonNode id, Throwable failure) {
    return json(StatusCodes.OK, answers.error(id, error(failure)));
  }

  /** A refusal of the session as JSON-RPC names it: a context that is not the caller's is not found. */
  private static A2aError error(Throwable failure) {
    Refusal refusal = Refusals.of(failure, "the context");
    return switch (refusal.code()) {
      case NOT_FOUND, FORBIDDEN -> new A2aError(A2aError.TASK_NOT_FOUND, "context not found");
      case BAD_REQUEST, TOO_LARGE, INJECTION_REFUSED -> A2aError.invalidParams(refusal.getMessage());
      default -> new A2aError(A2aError.INTERNAL_ERROR, refusal.getMessage());
    };
  }

  private ByteString event(JsonNode response) {
    return ByteString.fromString("data: " + text(response) + "\n\n");
  }

  private HttpResponse json(StatusCode status, JsonNode body) {
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, text(body)));
  }

  private CompletionStage<HttpResponse> done(StatusCode status, JsonNode body) {
    return CompletableFuture.completedStage(json(status, body));
  }

  private String text(JsonNode body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON-RPC response could not be encoded", e);
    }
  }
}
