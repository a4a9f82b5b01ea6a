package io.parley.tools.mcp;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpTransportException;
import io.modelcontextprotocol.spec.McpTransportSessionNotFoundException;
import io.modelcontextprotocol.spec.ProtocolVersions;
import io.parley.core.net.OutboundHttp;
import io.parley.core.net.ServerSentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * The MCP streamable HTTP transport (protocol 2025-06-18 and 2025-11-25) over the node's outbound
 * client, for the MCP Java SDK's client. The SDK's own transport sends through the JDK's
 * {@code HttpClient}, whose connections cannot be checked at the address they reach; this one sends
 * every request through {@link OutboundHttp}, whose sockets check each address as they connect
 * (docs/security.md#outbound-requests), follow no redirect and use no proxy.
 *
 * <p>Each message is a POST; its answer is nothing (202), one JSON-RPC message, or an event stream
 * of them, read as it comes on a virtual thread of this transport (none of the node's pools waits on
 * a server) and bounded: an answer past {@code maxAnswerBytes} is cut off, and the connection closed,
 * with {@link AnswerTooLarge}. The message's exchange is done, and its {@code Mono} completes, when
 * its answer has been read, so a server that fails mid-answer, or ends a request's answer without
 * its response, fails the request at once rather than at its timeout. Each exchange is bounded by the timeout in its Reactor context
 * ({@link #TIMEOUT}), else by the default.
 *
 * <p>Once the server names a session ({@code Mcp-Session-Id}), a GET opens its own event stream
 * for what the server says unasked, {@code notifications/tools/list_changed} among it; a server that
 * offers none (405) is listed again periodically by the caller ({@link #hearsServer()} false). A
 * server that forgot the session (404) gets a new one: the SDK initializes again.
 */
final class OutboundMcpTransport implements McpClientTransport {
  /** The Reactor context's key for how long one exchange may take. */
  static final String TIMEOUT = "parley.mcp.timeout";
  static final List<String> PROTOCOL_VERSIONS = List.of(ProtocolVersions.MCP_2025_06_18, ProtocolVersions.MCP_2025_11_25);
  private static final Logger LOG = LoggerFactory.getLogger(OutboundMcpTransport.class);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final Duration STREAM_RETRY_MAX = Duration.ofSeconds(30);

  private final URI url;
  private final OutboundHttp http;
  private final McpCredentials credentials;
  private final McpJsonMapper json;
  private final int maxAnswerBytes;
  private final Duration defaultTimeout;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicReference<Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>>> handler =
      new AtomicReference<>();
  private volatile Consumer<Throwable> exceptionHandler = failure -> {};
  private volatile String sessionId;
  private volatile boolean listening;
  private volatile boolean closed;
  private volatile Call stream;

  OutboundMcpTransport(URI url, OutboundHttp http, McpCredentials credentials, McpJsonMapper json, int maxAnswerBytes,
      Duration defaultTimeout) {
    this.url = url;
    this.http = http;
    this.credentials = credentials;
    this.json = json;
    this.maxAnswerBytes = maxAnswerBytes;
    this.defaultTimeout = defaultTimeout;
  }

  /** Whether the server's own event stream is open: then it tells of a changed list of tools itself. */
  boolean hearsServer() {
    return listening;
  }

  @Override
  public List<String> protocolVersions() {
    return PROTOCOL_VERSIONS;
  }

  @Override
  public Mono<Void> connect(Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handler) {
    this.handler.set(handler);
    return Mono.empty();
  }

  @Override
  public void setExceptionHandler(Consumer<Throwable> handler) {
    this.exceptionHandler = handler;
  }

  @Override
  public Mono<Void> sendMessage(McpSchema.JSONRPCMessage message) {
    return Mono.deferContextual(context -> {
      Duration timeout = context.getOrDefault(TIMEOUT, defaultTimeout);
      String version = context.getOrDefault(McpAsyncClient.NEGOTIATED_PROTOCOL_VERSION, PROTOCOL_VERSIONS.get(0));
      return Mono.<Void>create(sink -> {
        if (closed) {
          sink.error(new McpTransportException("the connection to the MCP server is closed"));
          return;
        }
        threads.execute(() -> post(message, version, timeout, sink));
      });
    });
  }

  private void post(McpSchema.JSONRPCMessage message, String version, Duration timeout, MonoSink<Void> sink) {
    try {
      byte[] body = json.writeValueAsBytes(message);
      Request.Builder request = request(version).header(HttpHeaders.ACCEPT, "application/json, text/event-stream")
          .post(RequestBody.create(body, JSON_TYPE));
      Call call = http.call(request.build());
      call.timeout().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
      sink.onCancel(call::cancel);
      try (Response response = call.execute()) {
        String before = sessionId;
        Optional.ofNullable(response.header(HttpHeaders.MCP_SESSION_ID)).ifPresent(id -> sessionId = id);
        if (!answered(response, before, sink)) return;
        if (before == null && sessionId != null && !closed) threads.execute(() -> listen(version));
        read(response, message instanceof McpSchema.JSONRPCRequest asked ? Optional.of(asked.id()) : Optional.empty(),
            sink);
      }
    } catch (IOException | RuntimeException e) {
      sink.error(e);
    }
  }

  /** Whether the answer is one to read; a refusal fails the message. */
  private boolean answered(Response response, String sessionSent, MonoSink<Void> sink) {
    int status = response.code();
    if (status >= 200 && status < 300) return true;
    if (status == 401 || status == 403) {
      credentials.refused();
      sink.error(new McpTransportException("the MCP server refused the node's credentials (HTTP " + status + ")"));
    } else if ((status == 404 || status == 400) && sessionSent != null) {
      // The server forgot the session (it restarted, or let it expire): the SDK starts a new one.
      sessionId = null;
      McpTransportSessionNotFoundException gone = new McpTransportSessionNotFoundException(sessionSent);
      exceptionHandler.accept(gone);
      sink.error(gone);
    } else {
      sink.error(new McpTransportException("the MCP server answered HTTP " + status + shortBody(response)));
    }
    return false;
  }

  /**
   * Reads the answer to a message; {@code request}, the id of a request, whose answer must hold its
   * response: a server that ends it without one (it stopped mid-answer) fails the request now.
   */
  private void read(Response response, Optional<Object> request, MonoSink<Void> sink) throws IOException {
    String type = Optional.ofNullable(response.header("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
    boolean answered = false;
    if (response.code() == 202 || type.isBlank()) {
      sink.success();
      return;
    } else if (type.contains("text/event-stream")) {
      EventStream events = new EventStream(response.body().source(), maxAnswerBytes, false);
      for (Optional<ServerSentEvent> event = events.next(); event.isPresent(); event = events.next()) {
        answered |= deliver(event.get(), request);
      }
    } else if (type.contains("application/json")) {
      String text = boundedText(response.body(), maxAnswerBytes);
      if (!text.isBlank()) answered = handle(McpSchema.deserializeJsonRpcMessage(json, text), request);
    } else {
      sink.error(new McpTransportException("the MCP server answered with " + type + ", not JSON or an event stream"));
      return;
    }
    if (request.isPresent() && !answered) {
      sink.error(new McpTransportException("the MCP server ended its answer without the response"));
    } else {
      sink.success();
    }
  }

  /** Handles an event's message; whether it is the response to {@code request}. */
  private boolean deliver(ServerSentEvent event, Optional<Object> request) throws IOException {
    // Events without data prime a client for reconnecting; they carry no message.
    if (!"message".equals(event.type()) || event.data().isBlank()) return false;
    return handle(McpSchema.deserializeJsonRpcMessage(json, event.data()), request);
  }

  private boolean handle(McpSchema.JSONRPCMessage message, Optional<Object> request) {
    Function<Mono<McpSchema.JSONRPCMessage>, Mono<McpSchema.JSONRPCMessage>> handling = handler.get();
    if (handling != null) handling.apply(Mono.just(message)).subscribe(ignored -> {}, this::unhandled);
    return message instanceof McpSchema.JSONRPCResponse response && request.isPresent()
        && String.valueOf(response.id()).equals(String.valueOf(request.get()));
  }

  private void unhandled(Throwable failure) {
    LOG.debug("an MCP message from {} was not handled: {}", url.getHost(), failure.toString());
  }

  /** The server's own event stream, open while the session lasts, opened again after a break. */
  private void listen(String version) {
    Duration pause = Duration.ofSeconds(1);
    while (!closed && sessionId != null) {
      String session = sessionId;
      try (Response response = openStream(version)) {
        if (response.code() == 405) {
          LOG.info("MCP server {} offers no event stream of its own: its tools are listed again periodically", url.getHost());
          return;
        }
        if (response.code() == 404 || response.code() == 400 || response.code() == 401 || response.code() == 403) return;
        if (response.isSuccessful()) {
          listening = true;
          pause = Duration.ofSeconds(1);
          EventStream events = new EventStream(response.body().source(), maxAnswerBytes, true);
          for (Optional<ServerSentEvent> event = events.next(); event.isPresent() && !closed; event = events.next()) {
            deliver(event.get(), Optional.empty());
          }
        }
      } catch (IOException | RuntimeException e) {
        if (!closed) LOG.debug("the event stream of MCP server {} broke: {}", url.getHost(), e.toString());
      } finally {
        listening = false;
      }
      if (closed || !session.equals(sessionId)) return;
      try {
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      pause = pause.multipliedBy(2).compareTo(STREAM_RETRY_MAX) > 0 ? STREAM_RETRY_MAX : pause.multipliedBy(2);
    }
  }

  private Response openStream(String version) throws IOException {
    Call call = http.call(request(version).header(HttpHeaders.ACCEPT, "text/event-stream").get().build());
    stream = call;
    return call.execute();
  }

  private Request.Builder request(String version) {
    Request.Builder request = new Request.Builder().url(OutboundHttp.target(url.toString()))
        .header(HttpHeaders.PROTOCOL_VERSION, version)
        .header(HttpHeaders.CACHE_CONTROL, "no-cache");
    String session = sessionId;
    if (session != null) request.header(HttpHeaders.MCP_SESSION_ID, session);
    try {
      credentials.authorization().ifPresent(value -> request.header("Authorization", value));
    } catch (IOException e) {
      throw new CredentialsUnavailable(e);
    }
    return request;
  }

  /** A JSON answer's text; one longer than {@code maxBytes} fails with {@link AnswerTooLarge}. */
  static String boundedText(ResponseBody body, int maxBytes) throws IOException {
    try (InputStream in = body.byteStream()) {
      byte[] bytes = in.readNBytes(maxBytes + 1);
      if (bytes.length > maxBytes) throw new AnswerTooLarge(maxBytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private static String shortBody(Response response) {
    try {
      String text = response.peekBody(300).string().strip();
      return text.isEmpty() ? "" : ": " + text;
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.fromRunnable(this::close);
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    Call open = stream;
    if (open != null) open.cancel();
    String session = sessionId;
    if (session != null) {
      // Tells the server the session is over; it ends it by itself in time if this does not arrive.
      threads.execute(() -> {
        try (Response ignored = http.call(new Request.Builder().url(OutboundHttp.target(url.toString()))
            .header(HttpHeaders.MCP_SESSION_ID, session).delete().build()).execute()) {
          LOG.debug("ended the session with MCP server {}", url.getHost());
        } catch (IOException | RuntimeException e) {
          LOG.debug("could not end the session with MCP server {}: {}", url.getHost(), e.toString());
        }
      });
    }
    threads.shutdown();
  }

  @Override
  public <T> T unmarshalFrom(Object data, TypeRef<T> typeRef) {
    return json.convertValue(data, typeRef);
  }

  /** The credentials could not be had (the authorization server failed): the message is not sent. */
  static final class CredentialsUnavailable extends RuntimeException {
    CredentialsUnavailable(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }
}
