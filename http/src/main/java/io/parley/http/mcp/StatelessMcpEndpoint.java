package io.parley.http.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.modern.JsonRpc;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.McpAsyncResponse;
import io.modelcontextprotocol.modern.server.McpHeaders;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpTransportResponse;
import io.modelcontextprotocol.modern.server.feature.McpAsyncTool;
import io.modelcontextprotocol.modern.server.feature.McpAsyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ResourcesFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.modern.server.transport.McpHeaderDecoder;
import io.modelcontextprotocol.server.transport.HeaderAccessor;
import io.parley.core.AsyncCause;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.StreamSupport;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The MCP server in revision 2026-07-28, beside the 2025 one ({@link McpTransport}) on the same route: the SDK's
 * stateless server ({@code io.modelcontextprotocol.modern}) with the same tools, and the conversations as resources
 * ({@link ConversationResources}), each request standing alone with the
 * revision, client and capabilities in its {@code _meta} ({@code server/discover} answers what the server speaks).
 * The request's headers must agree with its body, as the revision's HTTP binding says: {@code Mcp-Method} with its
 * method, {@code MCP-Protocol-Version} with its {@code _meta}, {@code Mcp-Name} with a tool call's name; a mismatch is
 * a {@code -32020} error with 400. A result is one JSON object (200); an answer the SDK streams (progress, then the
 * result) is an event stream; an error has the status the SDK's own servlet gives it.
 */
final class StatelessMcpEndpoint {
  static final String REVISION = "2026-07-28";
  private static final Logger LOG = LoggerFactory.getLogger(StatelessMcpEndpoint.class);
  private static final Map<Integer, Integer> ERROR_STATUS = Map.of(
      McpSchema.ErrorCodes.PARSE_ERROR, 400, McpSchema.ErrorCodes.INVALID_REQUEST, 400,
      McpSchema.ErrorCodes.INVALID_PARAMS, 400, McpSchema.ErrorCodes.HEADER_MISMATCH, 400,
      McpSchema.ErrorCodes.MISSING_REQUIRED_CLIENT_CAPABILITY, 400, McpSchema.ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, 400,
      McpSchema.ErrorCodes.METHOD_NOT_FOUND, 404);

  private final McpServer server;
  private final McpJsonMapper json;
  private final List<String> supported;

  private StatelessMcpEndpoint(McpServer server, McpJsonMapper json, List<String> supported) {
    this.server = server;
    this.json = json;
    this.supported = supported;
  }

  /**
   * The server of {@code tools}; {@code json} reads and writes the protocol's messages, as for {@link McpTransport}.
   * {@code earlier}: the revisions the 2025 server speaks on the same endpoint, which {@code server/discover} and
   * an unsupported version's error list after this one. Only this revision's requests reach this server (the route
   * sends the others to the 2025 one, and a request's {@code _meta} must name its header's revision).
   */
  static StatelessMcpEndpoint serving(StaffTools tools, String version, ObjectMapper json, List<String> earlier) {
    McpJsonMapper protocol = new JacksonMcpJsonMapper(json);
    List<String> supported = new ArrayList<>(List.of(REVISION));
    supported.addAll(earlier);
    McpServer server = McpServer.builder()
        .serverInfo(McpSchema.Implementation.builder("parley", version).build())
        .instructions(McpTransport.INSTRUCTIONS)
        .supportedVersions(supported)
        .jsonMapper(protocol)
        // Each caller is shown the tools it may call: a listing is the caller's own, cached by no one else.
        .feature(ToolsFeature.ofAsync(repository(tools, json), protocol, new DefaultJsonSchemaValidator(json), 0,
            McpSchema.CacheScope.PRIVATE))
        .feature(ResourcesFeature.ofAsync(new ConversationResources(tools), protocol, 0, McpSchema.CacheScope.PRIVATE))
        .build();
    return new StatelessMcpEndpoint(server, protocol, List.copyOf(supported));
  }

  private static McpAsyncToolRepository repository(StaffTools tools, ObjectMapper json) {
    List<McpAsyncTool> all = tools.tools().stream().map(tool -> McpAsyncTool.of(
        json.convertValue(tools.definition(tool), McpSchema.Tool.class),
        (context, request) -> Mono.fromCompletionStage(() -> tools.call(tool, ToolCaller.of(context.transportContext()),
                request.arguments()))
            .map(result -> McpAsyncResponse.<McpSchema.CallToolOutcome>result(
                json.convertValue(result, McpSchema.CallToolResult.class))))).toList();
    return new McpAsyncToolRepository() {
      @Override
      public Mono<ToolsPage> list(io.modelcontextprotocol.modern.server.McpRequestContext context, String cursor) {
        ToolCaller caller = ToolCaller.of(context.transportContext());
        return Mono.just(ToolsPage.of(all.stream().map(McpAsyncTool::definition)
            .filter(tool -> tools.shown(caller.caller(), tool.name())).toList()));
      }

      @Override
      public Mono<McpAsyncTool> find(io.modelcontextprotocol.modern.server.McpRequestContext context, String name) {
        // A tool the caller may not call is still found: its call is refused, and the refusal audited, as in 2025.
        return Mono.justOrEmpty(all.stream().filter(tool -> tool.definition().name().equals(name)).findFirst());
      }
    };
  }

  /** The answer to {@code body}, a JSON-RPC message, sent with {@code request}'s headers by {@code caller}. */
  CompletionStage<HttpResponse> answer(ToolCaller caller, HttpRequest request, String body) {
    JsonRpc.JSONRPCMessage message;
    try {
      message = JsonRpc.deserializeMessage(json, body);
    } catch (IOException | IllegalArgumentException e) {
      return done(error(null, McpSchema.ErrorCodes.PARSE_ERROR, "the body is not a JSON-RPC message"));
    }
    McpHeaders headers = McpHeaderDecoder.headers(accessor(request));
    McpTransportContext context = caller.context(Map.of(McpHeaders.TRANSPORT_CONTEXT_KEY, headers));
    return switch (message) {
      case JsonRpc.JSONRPCRequest asked -> mismatch(asked, request)
          .map(problem -> done(error(asked.id(), McpSchema.ErrorCodes.HEADER_MISMATCH, problem)))
          .orElseGet(() -> server.handle(context, asked)
              .contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context))
              .toFuture()
              .thenApply(this::http)
              .exceptionally(failure -> {
                LOG.error("an MCP request failed: {}", asked.method(), AsyncCause.of(failure));
                return error(asked.id(), McpSchema.ErrorCodes.INTERNAL_ERROR, "the request failed; see the server log");
              }));
      case JsonRpc.JSONRPCNotification told -> server.handleNotification(context, told).toFuture()
          .thenApply(ignored -> HttpResponse.create().withStatus(StatusCodes.ACCEPTED));
      default -> done(HttpResponse.create().withStatus(StatusCodes.ACCEPTED));
    };
  }

  /**
   * The revision's {@code UnsupportedProtocolVersionError} (400) to {@code body}, whose {@code MCP-Protocol-Version}
   * named {@code requested}: it lists the versions the endpoint speaks, as {@code server/discover} does, for the
   * client to retry with one.
   */
  HttpResponse unsupported(String requested, String body) {
    Object id;
    try {
      id = json.readValue(body, Map.class).get("id");
    } catch (IOException | RuntimeException unreadable) {
      id = null;
    }
    return json(400, JsonRpc.JSONRPCResponse.error(id, new JsonRpc.JSONRPCResponse.JSONRPCError(
        McpSchema.ErrorCodes.UNSUPPORTED_PROTOCOL_VERSION, "Unsupported protocol version " + requested,
        Map.of("supported", supported, "requested", requested))));
  }

  /** What in the request's headers disagrees with its body, if anything. */
  private Optional<String> mismatch(JsonRpc.JSONRPCRequest asked, HttpRequest request) {
    Map<?, ?> params = asked.params() instanceof Map<?, ?> map ? map : Map.of();
    Object version = params.get("_meta") instanceof Map<?, ?> meta ? meta.get(McpSchema.MetaKeys.PROTOCOL_VERSION) : null;
    if (!header(request, "Mcp-Method").equals(Optional.of(asked.method()))) {
      return Optional.of("the Mcp-Method header must be the request's method, " + asked.method());
    }
    if (version != null && !header(request, "MCP-Protocol-Version").equals(Optional.of(version.toString()))) {
      return Optional.of("the MCP-Protocol-Version header must be the _meta's protocol version, " + version);
    }
    if ("tools/call".equals(asked.method())
        && !header(request, "Mcp-Name").map(McpHeaderDecoder::decodeValue).equals(Optional.ofNullable(params.get("name")))) {
      return Optional.of("the Mcp-Name header must be the called tool's name");
    }
    return Optional.empty();
  }

  private static Optional<String> header(HttpRequest request, String name) {
    return request.getHeader(name).map(HttpHeader::value);
  }

  private static HeaderAccessor accessor(HttpRequest request) {
    return new HeaderAccessor() {
      @Override
      public List<String> getHeader(String name) {
        return StreamSupport.stream(request.getHeaders().spliterator(), false)
            .filter(header -> header.name().equalsIgnoreCase(name)).map(HttpHeader::value).toList();
      }

      @Override
      public List<String> getHeaderNames() {
        return StreamSupport.stream(request.getHeaders().spliterator(), false).map(HttpHeader::name).distinct().toList();
      }
    };
  }

  private HttpResponse http(McpTransportResponse response) {
    return switch (response) {
      case McpTransportResponse.Result result -> json(200, result.response());
      case McpTransportResponse.Error failed -> json(ERROR_STATUS.getOrDefault(failed.response().error().code(), 200),
          failed.response());
      case McpTransportResponse.Streaming streaming -> HttpResponse.create().withEntity(HttpEntities.createChunked(
          MediaTypes.TEXT_EVENT_STREAM.toContentType(),
          Source.fromPublisher(streaming.messages().map(message -> ByteString.fromString(
              "event: message\ndata: " + text(message) + "\n\n")))));
      default -> throw new IllegalStateException("an answer of the SDK's server that the route cannot send: " + response);
    };
  }

  private HttpResponse error(Object id, int code, String message) {
    return json(ERROR_STATUS.getOrDefault(code, 200),
        JsonRpc.JSONRPCResponse.error(id, new JsonRpc.JSONRPCResponse.JSONRPCError(code, message)));
  }

  private HttpResponse json(int status, Object response) {
    return HttpResponse.create().withStatus(status)
        .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, text(response)));
  }

  private String text(Object message) {
    try {
      return json.writeValueAsString(Objects.requireNonNull(message));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON-RPC message could not be encoded", e);
    }
  }

  private static CompletionStage<HttpResponse> done(HttpResponse response) {
    return CompletableFuture.completedStage(response);
  }
}
