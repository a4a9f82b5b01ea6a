package io.parley.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.server.InputResponses;
import io.modelcontextprotocol.modern.server.McpServer;
import io.modelcontextprotocol.modern.server.McpSyncResponse;
import io.modelcontextprotocol.modern.server.feature.McpChangeFeed;
import io.modelcontextprotocol.modern.server.feature.McpSyncTool;
import io.modelcontextprotocol.modern.server.feature.McpSyncToolRepository;
import io.modelcontextprotocol.modern.server.feature.ServerChange;
import io.modelcontextprotocol.modern.server.feature.ToolsFeature;
import io.modelcontextprotocol.modern.server.feature.ToolsPage;
import io.modelcontextprotocol.modern.server.transport.HttpServletMcpTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A company's MCP server of revision 2026-07-28 for the tests, built with the MCP Java SDK's stateless server
 * ({@code io.modelcontextprotocol.modern}) and its servlet transport in Jetty on loopback. Its tools:
 * {@code order_status} (where order {@code order} is) and {@code refund}, which whatever its arguments first answers
 * {@code input_required} with a form asking {@code confirm} (a boolean, also an optional argument the model may fill
 * from the conversation) and refunds only when the second round brings an accepted form with {@code confirm: true}. It records each request's {@code Mcp-Method} header and each
 * tool call's {@code _meta}; {@link #addTool} adds a tool and tells the listening clients the list changed.
 */
final class StatelessJavaMcpServer implements AutoCloseable {
  private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

  private final Server jetty;
  private final McpServer mcp;
  private final McpChangeFeed changes = new McpChangeFeed();
  private final Map<String, McpSyncTool> tools = new LinkedHashMap<>();
  private final List<String> methods = new CopyOnWriteArrayList<>();
  private final List<Map<String, Object>> callMetas = new CopyOnWriteArrayList<>();

  StatelessJavaMcpServer() throws Exception {
    add(tool("order_status", "Where a customer's order is",
        "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},\"required\":[\"order\"]}",
        (context, request) -> McpSyncResponse.result(text("Order " + request.arguments().get("order")
            + " has shipped with DHL"))));
    add(tool("refund", "Refunds an order once the customer confirms",
        "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"},"
            + "\"confirm\":{\"type\":\"boolean\",\"description\":\"Whether the customer confirmed the refund\"}},"
            + "\"required\":[\"order\"]}",
        (context, request) -> {
          Object order = request.arguments().get("order");
          if (request.inputResponses() == null || !request.inputResponses().containsKey("confirm")) {
            return McpSyncResponse.result(McpSchema.InputRequiredResult.builder()
                .elicit("confirm", McpSchema.ElicitFormRequest.builder("Refund order " + order + "?", Map.of(
                    "type", "object", "properties", Map.of("confirm", Map.of("type", "boolean")),
                    "required", List.of("confirm"))).build())
                .build());
          }
          McpSchema.ElicitResult answer = InputResponses.get(request.inputResponses(), "confirm",
              McpSchema.ElicitResult.class, JSON);
          boolean confirmed = answer.action() == McpSchema.ElicitResult.Action.ACCEPT
              && Boolean.TRUE.equals(answer.content().get("confirm"));
          return McpSyncResponse.result(text(confirmed ? "Order " + order + " refunded"
              : "Order " + order + " not refunded: the customer did not confirm"));
        }));
    mcp = McpServer.builder()
        .serverInfo(McpSchema.Implementation.builder("orders", "1.0").build())
        .jsonMapper(JSON)
        .feature(ToolsFeature.ofSync(new McpSyncToolRepository() {
          @Override
          public ToolsPage list(io.modelcontextprotocol.modern.server.McpRequestContext context, String cursor) {
            synchronized (tools) {
              return ToolsPage.of(tools.values().stream().map(McpSyncTool::definition).toList());
            }
          }

          @Override
          public McpSyncTool find(io.modelcontextprotocol.modern.server.McpRequestContext context, String name) {
            synchronized (tools) {
              return tools.get(name);
            }
          }
        }))
        .subscriptions(changes)
        .build();
    HttpServletMcpTransport transport = HttpServletMcpTransport.builder(mcp).jsonMapper(JSON).endpoint("/mcp").build();
    jetty = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    jetty.setHandler(new Handler.Wrapper(JavaMcpServer.atEveryPath(transport)) {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        methods.add(String.valueOf(request.getHeaders().get("Mcp-Method")));
        return super.handle(request, response, callback);
      }
    });
    jetty.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort() + "/mcp");
  }

  /** The {@code Mcp-Method} header of every request so far ("null" for a request without one). */
  List<String> methods() {
    return List.copyOf(methods);
  }

  /** The {@code _meta} of every tool call so far. */
  List<Map<String, Object>> callMetas() {
    return List.copyOf(callMetas);
  }

  /** Adds a tool answering {@code answer}, and tells the listening clients the list changed. */
  void addTool(String name, String description, String answer) {
    add(tool(name, description, "{\"type\":\"object\"}", (context, request) -> McpSyncResponse.result(text(answer))));
    toolsChanged();
  }

  /** Tells the listening clients the list of tools changed. */
  void toolsChanged() {
    changes.broadcast(new ServerChange.ToolsListChanged());
  }

  private void add(McpSyncTool tool) {
    synchronized (tools) {
      tools.put(tool.definition().name(), tool);
    }
  }

  private McpSyncTool tool(String name, String description, String schema, McpSyncTool.Handler handler) {
    return McpSyncTool.of(McpSchema.Tool.builder(name, JSON, schema).description(description).build(),
        (context, request) -> {
          callMetas.add(request.meta() == null ? Map.of() : new LinkedHashMap<>(request.meta()));
          return handler.call(context, request);
        });
  }

  private static McpSchema.CallToolResult text(String text) {
    return McpSchema.CallToolResult.builder().addContent(McpSchema.TextContent.builder(text).build()).build();
  }

  @Override
  public void close() throws Exception {
    mcp.closeGracefully();
    jetty.stop();
  }
}
