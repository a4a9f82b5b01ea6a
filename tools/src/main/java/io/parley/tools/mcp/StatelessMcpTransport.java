package io.parley.tools.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.client.transport.McpClientTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestHeaders;
import io.modelcontextprotocol.modern.client.transport.McpHttpStatusException;
import io.modelcontextprotocol.modern.client.transport.McpTransportRequest;
import io.modelcontextprotocol.spec.McpTransportException;
import io.parley.core.net.OutboundHttp;
import io.parley.core.net.ServerSentEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * The streamable HTTP transport of MCP 2026-07-28 over the node's outbound client, for the SDK's
 * stateless client; like {@link OutboundMcpTransport}, every request goes through {@link OutboundHttp},
 * whose sockets check each address they reach (docs/security.md#outbound-requests).
 *
 * <p>Each request is one POST carrying the revision's headers as the SDK writes them
 * ({@code MCP-Protocol-Version}, {@code Mcp-Method}, {@code Mcp-Name}, a tool's {@code Mcp-Param-}
 * headers); its answer is one JSON-RPC message or an event stream of them, read within
 * {@code maxAnswerBytes} on a virtual thread of this transport. A {@code subscriptions/listen} stream
 * stays open without a timeout, each of its events within the budget. A refusal whose body is a
 * JSON-RPC error (an unsupported version, a header mismatch) is handed to the SDK as that error, which
 * retries or fails by the revision's rules; any other refusal fails with the HTTP status.
 */
final class StatelessMcpTransport implements McpClientTransport {
  private static final String LISTEN = "subscriptions/listen";
  private static final MediaType JSON_TYPE = MediaType.get("application/json");
  private static final int REFUSAL_BYTES = 16 * 1024;

  private final URI url;
  private final OutboundHttp http;
  private final McpCredentials credentials;
  private final McpJsonMapper json;
  private final int maxAnswerBytes;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private volatile boolean closed;

  StatelessMcpTransport(URI url, OutboundHttp http, McpCredentials credentials, McpJsonMapper json, int maxAnswerBytes) {
    this.url = url;
    this.http = http;
    this.credentials = credentials;
    this.json = json;
    this.maxAnswerBytes = maxAnswerBytes;
  }

  /** The server may name parameters a tool's caller mirrors into headers; the SDK adds them when this says so. */
  @Override
  public boolean mirrorsToolParams() {
    return true;
  }

  @Override
  public Flux<JsonRpc.JSONRPCMessage> exchange(McpTransportRequest request) {
    return Flux.create(sink -> {
      if (closed) {
        sink.error(new McpTransportException("the connection to the MCP server is closed"));
        return;
      }
      threads.execute(() -> post(request, sink));
    });
  }

  private void post(McpTransportRequest request, FluxSink<JsonRpc.JSONRPCMessage> sink) {
    try {
      Request.Builder builder = new Request.Builder().url(OutboundHttp.target(url.toString()))
          .header("Cache-Control", "no-cache")
          .post(RequestBody.create(json.writeValueAsBytes(request.message()), JSON_TYPE));
      McpHttpRequestHeaders.forRequest(request).forEach((name, value) -> {
        // OkHttp writes the body's own length and type.
        if (!name.equalsIgnoreCase("Content-Length") && !name.equalsIgnoreCase("Content-Type")) {
          builder.addHeader(name, value);
        }
      });
      credentials.authorization().ifPresent(value -> builder.header("Authorization", value));
      boolean listening = LISTEN.equals(request.method());
      Call call = http.call(builder.build());
      if (!listening && request.roundTimeout() != null) {
        call.timeout().timeout(request.roundTimeout().toMillis(), TimeUnit.MILLISECONDS);
      }
      sink.onDispose(call::cancel);
      try (Response response = call.execute()) {
        read(response, listening, sink);
      }
    } catch (IOException | RuntimeException e) {
      sink.error(e);
    }
  }

  private void read(Response response, boolean listening, FluxSink<JsonRpc.JSONRPCMessage> sink) throws IOException {
    int status = response.code();
    String type = Optional.ofNullable(response.header("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
    if (status == 401 || status == 403) credentials.refused();
    if (status < 200 || status >= 300) {
      refused(response, type, sink);
      return;
    }
    if (type.contains("text/event-stream")) {
      EventStream events = new EventStream(response.body().source(), maxAnswerBytes, listening);
      for (Optional<ServerSentEvent> event = events.next(); event.isPresent() && !sink.isCancelled(); event = events.next()) {
        // Events without data prime a client for reconnecting; they carry no message.
        if ("message".equals(event.get().type()) && !event.get().data().isBlank()) {
          sink.next(JsonRpc.deserializeMessage(json, event.get().data()));
        }
      }
    } else if (type.contains("application/json")) {
      String text = OutboundMcpTransport.boundedText(response.body(), maxAnswerBytes);
      if (!text.isBlank()) sink.next(JsonRpc.deserializeMessage(json, text));
    } else if (status != 202 && !type.isBlank()) {
      sink.error(new McpTransportException("the MCP server answered with " + type + ", not JSON or an event stream"));
      return;
    }
    sink.complete();
  }

  /** A refusal: its JSON-RPC error for the SDK to read, else the status. */
  private void refused(Response response, String type, FluxSink<JsonRpc.JSONRPCMessage> sink) throws IOException {
    String body = response.peekBody(REFUSAL_BYTES).string();
    if (type.contains("application/json")) {
      try {
        if (JsonRpc.deserializeMessage(json, body) instanceof JsonRpc.JSONRPCResponse error && error.error() != null) {
          sink.next(error);
          sink.complete();
          return;
        }
      } catch (IOException | IllegalArgumentException notJsonRpc) {
        // Not an error of the protocol: the status says what happened.
      }
    }
    sink.error(new McpHttpStatusException(url, response.code(),
        HttpHeaders.of(response.headers().toMultimap(), (name, value) -> true), body));
  }

  void close() {
    closed = true;
    threads.shutdown();
  }
}
