package io.parley.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.parley.core.bot.ListedMcpTool;
import io.parley.core.net.OutboundHttp;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import reactor.util.context.Context;

/**
 * The node's connection to one MCP server for one tenant: the SDK's asynchronous client on
 * {@link OutboundMcpTransport}. It lists the server's tools, calls them, and hears the server say
 * its list changed ({@code notifications/tools/list_changed}), which lists them again for
 * {@code onListed}. Every request waits at most its own timeout.
 */
final class McpServerConnection implements AutoCloseable {
  /** The longest any one request may take: the longest a tool call may (docs/tools.md). */
  static final Duration MAX_REQUEST = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 20;

  private final McpAsyncClient client;
  private final OutboundMcpTransport transport;

  McpServerConnection(URI url, OutboundHttp http, McpCredentials credentials, int maxAnswerBytes,
      Duration initializationTimeout, Consumer<List<ListedMcpTool>> onListed) {
    this.transport = new OutboundMcpTransport(url, http, credentials, new JacksonMcpJsonMapper(JSON), maxAnswerBytes,
        MAX_REQUEST);
    this.client = McpClient.async(transport)
        .clientInfo(new McpSchema.Implementation("parley", "Parley", "1"))
        .requestTimeout(MAX_REQUEST)
        .initializationTimeout(initializationTimeout)
        .toolsChangeConsumer(tools -> {
          onListed.accept(tools.stream().map(McpServerConnection::listed).toList());
          return reactor.core.publisher.Mono.empty();
        })
        .build();
  }

  /** Whether the server tells of a changed list itself; otherwise the caller lists it again now and then. */
  boolean hearsServer() {
    return transport.hearsServer();
  }

  /** Every tool the server lists, page by page, within {@code timeout} each. */
  List<ListedMcpTool> listTools(Duration timeout) {
    List<ListedMcpTool> tools = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      McpSchema.ListToolsResult result = within(client.listTools(cursor).contextWrite(context(timeout)), timeout);
      result.tools().forEach(tool -> tools.add(listed(tool)));
      cursor = result.nextCursor();
      if (cursor == null || cursor.isEmpty()) break;
    }
    return tools;
  }

  McpSchema.CallToolResult call(String tool, JsonNode arguments, Map<String, Object> meta, Duration timeout) {
    @SuppressWarnings("unchecked")
    Map<String, Object> values = JSON.convertValue(arguments, Map.class);
    return within(client.callTool(new McpSchema.CallToolRequest(tool, values, meta)).contextWrite(context(timeout)),
        timeout);
  }

  private static Context context(Duration timeout) {
    return Context.of(OutboundMcpTransport.TIMEOUT, timeout);
  }

  private static <T> T within(reactor.core.publisher.Mono<T> request, Duration timeout) {
    return request.timeout(timeout).block();
  }

  static ListedMcpTool listed(McpSchema.Tool tool) {
    McpSchema.ToolAnnotations hints = tool.annotations();
    boolean repeatable = hints != null
        && (Boolean.TRUE.equals(hints.readOnlyHint()) || Boolean.TRUE.equals(hints.idempotentHint()));
    JsonNode schema = tool.inputSchema() == null ? JSON.createObjectNode().put("type", "object")
        : JSON.valueToTree(tool.inputSchema());
    return new ListedMcpTool(tool.name(), tool.description(), schema.toString(), repeatable);
  }

  @Override
  public void close() {
    client.close();
    transport.close();
  }
}
