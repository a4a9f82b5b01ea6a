package io.parley.http.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson2.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.server.McpAsyncListFilter;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessServerHandler;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCResponse;
import io.modelcontextprotocol.spec.McpStatelessServerTransport;
import io.parley.core.AsyncCause;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The SDK's stateless MCP server behind a Pekko HTTP route: one POSTed JSON-RPC message in, one HTTP answer out. A
 * request gets its response as one JSON object (200), never a stream of events; a notification, or a response (the
 * server asks the client nothing), gets 202 without a body; a body that is no JSON-RPC message gets a JSON-RPC error
 * with 400.
 */
final class McpTransport implements McpStatelessServerTransport {
  private static final Logger LOG = LoggerFactory.getLogger(McpTransport.class);

  /** What the server tells a client's model of itself when it connects. */
  static final String INSTRUCTIONS = "Parley is a support desk's chat and voice bot. These tools read the support "
      + "conversations of the tenant this credential belongs to, their analytics and its knowledge base, as the REST "
      + "API answers its staff. Search conversations first, then read one by its sessionId.";

  private final McpJsonMapper json;
  private volatile McpStatelessServerHandler handler;

  private McpTransport(McpJsonMapper json) {
    this.json = json;
  }

  /**
   * The transport of a new server of {@code tools}, which calls {@link #setMcpHandler} as it is built. {@code json}
   * reads and writes the protocol's messages: not the API's mapper, whose settings (Optional, Instant, no nulls)
   * would change the SDK's schema types.
   */
  static McpTransport serving(StaffTools tools, String version, ObjectMapper json) {
    McpJsonMapper protocol = new JacksonMcpJsonMapper(json);
    McpTransport transport = new McpTransport(protocol);
    McpServer.async(transport)
        .serverInfo("parley", version)
        .instructions(INSTRUCTIONS)
        .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
        .jsonMapper(protocol)
        .jsonSchemaValidator(new DefaultJsonSchemaValidator(json))
        .validateToolInputs(true)
        .tools(tools.specifications())
        .addToolFilter(McpAsyncListFilter.fromSync((context, tool) -> tools.shown(ToolCaller.of(context).caller(), tool.name()),
            true))
        .build();
    return transport;
  }

  @Override
  public void setMcpHandler(McpStatelessServerHandler handler) {
    this.handler = handler;
  }

  @Override
  public Mono<Void> closeGracefully() {
    return Mono.empty();
  }

  /** The answer to {@code body}, a JSON-RPC message, handled in {@code context}. */
  CompletionStage<HttpResponse> answer(McpTransportContext context, String body) {
    McpSchema.JSONRPCMessage message;
    try {
      message = McpSchema.deserializeJsonRpcMessage(json, body);
    } catch (IOException e) {
      return CompletableFuture.completedStage(error(StatusCodes.BAD_REQUEST, McpSchema.ErrorCodes.PARSE_ERROR,
          "the body is not a JSON object"));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedStage(error(StatusCodes.BAD_REQUEST, McpSchema.ErrorCodes.INVALID_REQUEST,
          "the body is not a JSON-RPC request, notification or response"));
    }
    if (message instanceof McpSchema.JSONRPCRequest request) {
      return handler.handleRequest(context, request).contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context))
          .toFuture()
          .thenApply(response -> json(StatusCodes.OK, response))
          .exceptionally(failure -> {
            LOG.error("an MCP request failed: {}", request.method(), AsyncCause.of(failure));
            return json(StatusCodes.INTERNAL_SERVER_ERROR, JSONRPCResponse.error(request.id(),
                new JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INTERNAL_ERROR, "the request failed; see the server log")));
          });
    }
    if (message instanceof McpSchema.JSONRPCNotification notification) {
      return handler.handleNotification(context, notification).contextWrite(reactor -> reactor.put(McpTransportContext.KEY, context))
          .toFuture()
          .thenApply(done -> HttpResponse.create().withStatus(StatusCodes.ACCEPTED));
    }
    return CompletableFuture.completedStage(HttpResponse.create().withStatus(StatusCodes.ACCEPTED));
  }

  /**
   * A JSON-RPC error answered with {@code status} to a message refused before it is read, so with the null id JSON-RPC
   * gives such an error (the SDK's response type insists on an id).
   */
  HttpResponse error(StatusCode status, int code, String message) {
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("jsonrpc", McpSchema.JSONRPC_VERSION);
    response.put("id", null);
    response.put("error", new JSONRPCResponse.JSONRPCError(code, message));
    return json(status, response);
  }

  private HttpResponse json(StatusCode status, Object response) {
    try {
      return HttpResponse.create().withStatus(status)
          .withEntity(HttpEntities.create(ContentTypes.APPLICATION_JSON, json.writeValueAsBytes(response)));
    } catch (IOException e) {
      throw new IllegalStateException("a JSON-RPC response could not be encoded", e);
    }
  }
}
