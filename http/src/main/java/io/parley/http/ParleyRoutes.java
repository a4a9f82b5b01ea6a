package io.parley.http;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.extractHost;
import static org.apache.pekko.http.javadsl.server.Directives.extractRequest;
import static org.apache.pekko.http.javadsl.server.Directives.extractWebSocketUpgrade;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResource;
import static org.apache.pekko.http.javadsl.server.Directives.getFromResourceDirectory;
import static org.apache.pekko.http.javadsl.server.Directives.handleExceptions;
import static org.apache.pekko.http.javadsl.server.Directives.handleRejections;
import static org.apache.pekko.http.javadsl.server.Directives.headerValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.mapRequest;
import static org.apache.pekko.http.javadsl.server.Directives.mapResponse;
import static org.apache.pekko.http.javadsl.server.Directives.onSuccess;
import static org.apache.pekko.http.javadsl.server.Directives.optionalHeaderValueByName;
import static org.apache.pekko.http.javadsl.server.Directives.parameterOptional;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathSingleSlash;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithDefaultHeader;
import static org.apache.pekko.http.javadsl.server.Directives.respondWithHeader;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.parley.core.identity.Action;
import io.parley.core.identity.Caller;
import io.parley.core.identity.OriginPolicy;
import io.parley.core.limits.ConnectionLimits;
import io.parley.core.call.TransferTarget;
import io.parley.core.trace.Tracing;
import io.parley.frontdoor.HttpPort;
import io.parley.http.agent.AgentSocket;
import io.parley.http.auth.Audit;
import io.parley.http.auth.BrowserOrigins;
import io.parley.http.auth.Callers;
import io.parley.http.auth.ProvenCredential;
import io.parley.http.chat.ChatSocket;
import io.parley.http.edge.Refusals;
import io.parley.http.rest.ApiError;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;
import java.util.regex.Pattern;
import org.apache.pekko.Done;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.model.ws.Message;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Every route of a node, behind one access log line per request (request id, the tenant its
 * credential proved, session), a count of the responses by status, and JSON errors for whatever no
 * route accepted. The pages carry
 * headers that keep other sites from framing them ({@link WebPages}), and no answer is sniffed. The sockets open
 * only for an allowed page ({@link OriginPolicy}: the node's list and the caller's tenant's) and
 * within the {@link ConnectionLimits}.
 */
record ParleyRoutes(ChatSocket chat, AgentSocket agents, ApiRoutes api, Callers callers, ApiError errors,
    BrowserOrigins origins, ConnectionLimits connections, Tracing tracing, WidgetScript widgetScript,
    ClientLibrary clientLibrary, ResponseMetrics responses) {
  private static final Logger ACCESS = LoggerFactory.getLogger("io.parley.http.access");
  private static final String REQUEST_ID_HEADER = Audit.REQUEST_ID_HEADER;
  private static final String TRACEPARENT = "traceparent";
  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
  private static final Pattern USER_PATH = Pattern.compile("^/v1/users/[^/]+");
  private static final Pattern SESSION_PATH = Pattern.compile("^/v1/sessions/([^/]+)");

  private static final int MAX_AGENT_NAME = 64;
  private static final Pattern VOICE_SCRIPTS = Pattern.compile("voice(?:-worklet)?\\.js");
  private static final HttpHeader ANY_ORIGIN = RawHeader.create("Access-Control-Allow-Origin", "*");
  private static final WebPages PAGES = new WebPages();

  Route route() {
    Route all = concat(
        path(PathMatchers.segment("v1").slash("chat").slash("ws"), () -> callers.socketCaller(caller -> fromAllowedOrigin(caller, () ->
            callers.permitted(caller, Action.USE_SESSION, () -> headerValueByName(REQUEST_ID_HEADER, requestId ->
                callers.clientAddress(address -> socket(caller, address, chat.connect(caller, requestId, address)))))))),
        path(PathMatchers.segment("v1").slash("agent").slash("ws"), () -> callers.socketCaller(caller -> fromAllowedOrigin(caller, () ->
            callers.permitted(caller, Action.TAKE_OVER_CONVERSATIONS, () -> agentSocket(caller))))),
        path(PathMatchers.segment("v1").slash("agent").slash("phone"), () -> callers.socketCaller(caller -> fromAllowedOrigin(caller, () ->
            callers.permitted(caller, Action.TAKE_OVER_CONVERSATIONS, () -> agentPhone(caller))))),
        path("agent", () -> PAGES.page("agent.html")),
        path("admin", () -> PAGES.page("admin.html")),
        path("setup", () -> PAGES.page("account.html")),
        path("account", () -> PAGES.page("account.html")),
        embeddable(),
        api.route(origins),
        path(PathMatchers.segment("v1").slash("openapi.json"), () -> get(() -> getFromResource("openapi.json", ContentTypes.APPLICATION_JSON))),
        pathSingleSlash(() -> PAGES.page("index.html")),
        path(PathMatchers.segment(WebPages.FILE), PAGES::page),
        get(() -> getFromResourceDirectory("web")));
    return logged(respondWithDefaultHeader(WebPages.NO_SNIFFING, () ->
        handleExceptions(exceptions(), () -> handleRejections(rejections(), () -> all))));
  }

  /**
   * What the widget on another site loads from this node: the widget, the client library and voice.
   * They are public files fetched without credentials, and any origin may read them: a module
   * import and an integrity check are CORS requests.
   */
  private Route embeddable() {
    return respondWithHeader(ANY_ORIGIN, () -> concat(widgetScript.route(), clientLibrary.route(),
        path(PathMatchers.segment(VOICE_SCRIPTS), file -> get(() -> getFromResource("web/" + file)))));
  }

  /**
   * An agent's console: the agent is the token's subject (customers see the display name of its
   * profile, else {@code ?name=}, else the subject; a phone call the agent takes over goes to {@code ?phone=}, a SIP URI, else the tenant's
   * transfer target); an API key with the agent role acts as one agent, named after the key.
   */
  private Route agentSocket(Caller caller) {
    if (caller.agentId().isEmpty()) {
      return callers.forbidden(caller, "agent.connect", "an agent signs in with a token whose sub names the agent, or an API key");
    }
    return parameterOptional("name", name -> parameterOptional("phone", phone -> headerValueByName(REQUEST_ID_HEADER,
        requestId -> {
          String shown = name.map(String::strip).filter(n -> !n.isEmpty()).orElse(caller.agentId().get());
          if (shown.length() > MAX_AGENT_NAME || shown.chars().anyMatch(Character::isISOControl)) {
            return complete(errors.response(400, "bad_request",
                "name must be at most " + MAX_AGENT_NAME + " characters, without control characters"));
          }
          Optional<String> ownPhone = phone.map(String::strip).filter(p -> !p.isEmpty());
          if (ownPhone.isPresent() && !TransferTarget.isValid(ownPhone.get())) {
            return complete(errors.response(400, "bad_request", "phone must be " + TransferTarget.EXPECTED));
          }
          return onSuccess(agents.named(caller, shown, ownPhone), agent -> callers.clientAddress(address ->
              socket(caller, address, agents.connect(caller, agent, requestId))));
        })));
  }

  /** An agent's console phone: phone calls handed to the agent console ring there (docs/agent-console.md). */
  private Route agentPhone(Caller caller) {
    if (caller.agentId().isEmpty()) {
      return callers.forbidden(caller, "agent.phone", "an agent signs in with a token whose sub names the agent, or an API key");
    }
    return headerValueByName(REQUEST_ID_HEADER, requestId -> callers.clientAddress(address ->
        socket(caller, address, agents.phone(caller, requestId))));
  }

  /**
   * Upgrades to a socket running {@code flow} when the connection limits admit it (else 429 with
   * {@code Retry-After}); its slot is freed when the socket closes. A client that offered the
   * {@code parley.v1} subprotocol (with its token as {@code bearer.<token>}) gets it named in the
   * answer, as the handshake requires.
   */
  private <M> Route socket(Caller caller, Optional<String> address, Flow<Message, Message, M> flow) {
    return extractWebSocketUpgrade(upgrade -> extractRequest(request -> {
      ConnectionLimits.Admission admission = connections.open(caller.tenant(), address);
      if (admission instanceof ConnectionLimits.Refused refused) return complete(errors.response(refused.refusal()));
      ConnectionLimits.Admitted slot = (ConnectionLimits.Admitted) admission;
      CompletionStage<Done> closed = request.getAttribute(HttpPort.CONNECTION_CLOSED)
          .orElse(CompletableFuture.completedStage(Done.getInstance()));
      return complete(StreamSupport.stream(upgrade.getRequestedProtocols().spliterator(), false)
          .anyMatch(Callers.WEBSOCKET_PROTOCOL::equals)
          ? upgrade.handleMessagesWith(released(flow, slot, closed), Callers.WEBSOCKET_PROTOCOL)
          : upgrade.handleMessagesWith(released(flow, slot, closed)));
    }));
  }

  /**
   * The slot is freed once the socket's flow has ended and its TCP connection has closed: a
   * connection still open, even one whose client stopped reading, counts against its address.
   */
  private static <M> Flow<Message, Message, M> released(Flow<Message, Message, M> flow, ConnectionLimits.Admitted slot,
      CompletionStage<Done> connectionClosed) {
    return flow.watchTermination((materialized, done) -> {
      done.handle((ended, failure) -> Done.getInstance()).thenCombine(connectionClosed, (ended, closed) -> closed)
          .thenRun(slot::close);
      return materialized;
    });
  }

  /**
   * The sockets open only for the node's own page, the node's allowed sites, and the sites the
   * caller's tenant allows (see {@link OriginPolicy}).
   */
  private Route fromAllowedOrigin(Caller caller, Supplier<Route> inner) {
    OriginPolicy allowed = origins.of(caller.tenant());
    return optionalHeaderValueByName("Origin", origin -> extractHost(host -> extractRequest(request -> {
      String authority = request.getHeader("Host").map(HttpHeader::value).orElse(host);
      return allowed.allows(origin, authority) ? inner.get()
          : callers.forbidden(caller, "open_socket", "this page's origin may not open a socket of tenant "
              + caller.tenant() + "; see PARLEY_ALLOWED_ORIGINS and the tenant's allowedOrigins");
    })));
  }

  /**
   * The access log, and the span of each API request (docs/tracing.md), which continues the
   * caller's {@code traceparent}: with tracing on, a request without an {@code X-Request-Id} has
   * its trace id as its request id, so a log line leads to the trace.
   */
  private Route logged(Route inner) {
    return extractRequest(request -> {
      Span span = request.getUri().path().startsWith("/v1/")
          ? tracing.start("http.request", SpanKind.SERVER, request.getHeader(TRACEPARENT).map(HttpHeader::value))
              .setAttribute("http.request.method", request.method().value())
          : Span.getInvalid();
      Optional<String> traceparent = Tracing.traceparent(span);
      String requestId = request.getHeader(REQUEST_ID_HEADER).map(HttpHeader::value)
          .filter(id -> REQUEST_ID.matcher(id).matches())
          .or(() -> traceparent.map(parent -> span.getSpanContext().getTraceId()))
          .orElseGet(() -> UUID.randomUUID().toString());
      long started = System.nanoTime();
      ProvenCredential proven = new ProvenCredential();
      // The id is added to the request too, so the routes (a chat connection's log lines) carry it,
      // and the request's span replaces the caller's as the parent of what the routes trace.
      return mapRequest(r -> proven.on(
          withTraceparent(r.addHeader(RawHeader.create(REQUEST_ID_HEADER, requestId)), traceparent)), () ->
          respondWithHeader(RawHeader.create(REQUEST_ID_HEADER, requestId), () -> mapResponse(response -> {
        span.setAttribute("http.response.status_code", response.status().intValue()).end();
        responses.answered(response.status().intValue());
        ACCESS.info("{} {} {}", request.method().value(), loggedPath(request.getUri().path()), response.status().intValue(),
            kv("requestId", requestId),
            kv("tenant", proven.tenant().orElse(null)),
            kv("sessionId", sessionIdOf(request).orElse(null)),
            kv("status", response.status().intValue()),
            kv("durationMs", (System.nanoTime() - started) / 1_000_000));
        return response;
      }, () -> inner)));
    });
  }

  /** The path as logged: a user id is personal data, and logs outlive an erasure, so it is left out. */
  static String loggedPath(String path) {
    return USER_PATH.matcher(path).replaceFirst("/v1/users/-");
  }

  private static HttpRequest withTraceparent(HttpRequest request, Optional<String> traceparent) {
    return traceparent.map(value -> request.removeHeader(TRACEPARENT).addHeader(RawHeader.create(TRACEPARENT, value)))
        .orElse(request);
  }

  private static Optional<String> sessionIdOf(HttpRequest request) {
    var matcher = SESSION_PATH.matcher(request.getUri().path());
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private ExceptionHandler exceptions() {
    return ExceptionHandler.newBuilder()
        .matchAny(e -> complete(failed(errors, e)))
        .build();
  }

  /**
   * What a request that failed unexpectedly answers: a part of the node that did not answer in time
   * (a tenant's configuration on a node still starting, a session moving) is a 503 to retry soon;
   * anything else a 500, logged, its details never on the wire.
   */
  static HttpResponse failed(ApiError errors, Throwable failure) {
    return errors.response(Refusals.of(failure, "the server"));
  }

  /** Pekko's default rejection statuses, with our JSON error body instead of plain text. */
  private RejectionHandler rejections() {
    return RejectionHandler.defaultHandler().mapRejectionResponse(response -> {
      String code = switch (response.status().intValue()) {
        case 404 -> "not_found";
        case 413 -> "too_large";
        default -> response.status().intValue() >= 500 ? "internal" : "bad_request";
      };
      return errors.response(response.status().intValue(), code, response.status().reason());
    });
  }
}
