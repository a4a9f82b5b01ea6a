package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A company's MCP server for the tests, built with the MCP Java SDK: its streamable HTTP server
 * transport in Jetty on loopback, answering only the requests whose {@code Authorization} it accepts. Its tools:
 * {@code order_status} (read-only: where order {@code order} is), {@code slow} (answers after
 * {@code ms}), {@code long_text} ({@code chars} characters of text), {@code broken} (a result marked
 * as an error), {@code refusing} (a JSON-RPC error, invalid params), {@code dying} (the server stops
 * while it answers). {@link #addTool} adds one and tells the connected clients their list changed.
 */
final class JavaMcpServer implements AutoCloseable {
  private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

  private final Server jetty;
  private final McpSyncServer mcp;
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final List<Map<String, Object>> callMetas = new CopyOnWriteArrayList<>();

  private JavaMcpServer(Predicate<String> authorized) throws Exception {
    HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
        .jsonMapper(JSON).mcpEndpoint("/mcp").build();
    mcp = McpServer.sync(transport).serverInfo("orders", "1.0")
        .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
        .tools(tool("order_status", "Where a customer's order is: its status and carrier",
                "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},\"required\":[\"order\"]}", true,
                arguments -> text("Order " + arguments.get("order") + " has shipped with DHL")),
            tool("slow", "Answers after a while",
                "{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\"}}}", false, arguments -> {
                  sleep(((Number) arguments.getOrDefault("ms", 0)).longValue());
                  return text("finally");
                }),
            tool("long_text", "A long text",
                "{\"type\":\"object\",\"properties\":{\"chars\":{\"type\":\"integer\"}}}", true,
                arguments -> text("x".repeat(((Number) arguments.get("chars")).intValue()))),
            tool("broken", "Always fails", "{\"type\":\"object\"}", false,
                arguments -> McpSchema.CallToolResult.builder().addTextContent("the order system is down").isError(true)
                    .build()),
            tool("refusing", "Refuses every call", "{\"type\":\"object\"}", false, arguments -> {
              throw new McpError(new McpSchema.JSONRPCResponse.JSONRPCError(McpSchema.ErrorCodes.INVALID_PARAMS,
                  "that order is not one of ours", null));
            }),
            tool("dying", "Stops the server while it answers", "{\"type\":\"object\"}", false, arguments -> {
              Thread.ofPlatform().start(this::stopQuietly);
              sleep(5_000);
              return text("too late");
            }))
        .build();
    jetty = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    jetty.setHandler(new Handler.Wrapper(atEveryPath(transport)) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String authorization = request.getHeaders().get("Authorization");
        if (authorization != null) authorizations.add(authorization);
        if (!authorized.test(authorization)) {
          Response.writeError(request, response, callback, 401);
          return true;
        }
        return super.handle(request, response, callback);
      }
    });
    jetty.start();
  }

  /** A servlet context that hands every path to {@code servlet}, as the SDK's transports want. */
  static ServletContextHandler atEveryPath(jakarta.servlet.http.HttpServlet servlet) {
    ServletContextHandler context = new ServletContextHandler();
    context.setContextPath("/");
    context.addServlet(new ServletHolder(servlet), "/*");
    return context;
  }

  static JavaMcpServer start() throws Exception {
    return new JavaMcpServer(authorization -> true);
  }

  /** A server that answers only requests with {@code Authorization: Bearer <token>}. */
  static JavaMcpServer withToken(String token) throws Exception {
    return new JavaMcpServer(("Bearer " + token)::equals);
  }

  /** A server that answers only requests whose {@code Authorization} header (null when none) {@code authorized} accepts. */
  static JavaMcpServer authorizing(Predicate<String> authorized) throws Exception {
    return new JavaMcpServer(authorized);
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/mcp");
  }

  /** Every Authorization header a request brought. */
  List<String> authorizations() {
    return List.copyOf(authorizations);
  }

  /** Tool calls so far. */
  int calls() {
    return calls.get();
  }

  /** Each tool call's {@code _meta}, in order. */
  List<Map<String, Object>> callMetas() {
    return callMetas;
  }

  /** Adds a read-only tool answering {@code answer}, and tells the clients the list changed. */
  void addTool(String name, String description, String answer) {
    mcp.addTool(tool(name, description, "{\"type\":\"object\"}", true, arguments -> text(answer)));
    mcp.notifyToolsListChanged();
  }

  private McpServerFeatures.SyncToolSpecification tool(String name, String description, String schema, boolean readOnly,
      java.util.function.Function<Map<String, Object>, McpSchema.CallToolResult> run) {
    McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description).inputSchema(JSON, schema)
        .annotations(new McpSchema.ToolAnnotations(null, readOnly, false, readOnly, false, null)).build();
    return new McpServerFeatures.SyncToolSpecification(tool, (exchange, request) -> {
      calls.incrementAndGet();
      callMetas.add(request.meta() == null ? Map.of() : request.meta());
      return run.apply(request.arguments() == null ? Map.of() : request.arguments());
    });
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addTextContent(text).build();
  }

  /** A tool that takes its time, as the tests of timeouts and cancels need. */
  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void stopQuietly() {
    try {
      jetty.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    mcp.close();
    jetty.stop();
  }
}
