package io.parley.tools.mcp;

import io.parley.tools.CallConsent;
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
 * A tenant's MCP server spoken to in a revision with the {@code initialize} handshake (2025-06-18,
 * 2025-11-25): the SDK's asynchronous client on {@link OutboundMcpTransport}, in a session the server
 * names. It lists the server's tools, calls them, and hears the server say its list changed
 * ({@code notifications/tools/list_changed}), which lists them again for {@code onListed}. Every
 * request waits at most its own timeout.
 */
final class InitializedMcp implements McpProtocol {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PAGES = 20;

  private final McpAsyncClient client;
  private final OutboundMcpTransport transport;

  InitializedMcp(URI url, OutboundHttp http, McpCredentials credentials, int maxAnswerBytes,
      Duration initializationTimeout, Consumer<List<ListedMcpTool>> onListed) {
    this.transport = new OutboundMcpTransport(url, http, credentials, new JacksonMcpJsonMapper(JSON), maxAnswerBytes,
        McpProtocol.MAX_REQUEST);
    this.client = McpClient.async(transport)
        .clientInfo(new McpSchema.Implementation("parley", "Parley", "1"))
        .requestTimeout(McpProtocol.MAX_REQUEST)
        .initializationTimeout(initializationTimeout)
        .toolsChangeConsumer(tools -> {
          onListed.accept(tools.stream().map(ListedTools::of).toList());
          return reactor.core.publisher.Mono.empty();
        })
        .build();
  }

  @Override
  public boolean hearsServer() {
    return transport.hearsServer();
  }

  /** Every tool the server lists, page by page, within {@code timeout} each. */
  @Override
  public List<ListedMcpTool> listTools(Duration timeout) {
    List<ListedMcpTool> tools = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      McpSchema.ListToolsResult result = within(client.listTools(cursor).contextWrite(context(timeout)), timeout);
      result.tools().forEach(tool -> tools.add(ListedTools.of(tool)));
      cursor = result.nextCursor();
      if (cursor == null || cursor.isEmpty()) break;
    }
    return tools;
  }

  @Override
  public McpSchema.CallToolResult call(String tool, JsonNode arguments, CallConsent consent, Map<String, Object> meta,
      Duration timeout) {
    // consent answers nothing here: the node declares no elicitation to a 2025 server, so none asks for input.
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

  @Override
  public void close() {
    // A client that never initialized has no session, and the SDK's close would fail on it; the transport is closed
    // either way.
    if (client.isInitialized()) client.close();
    transport.close();
  }
}
