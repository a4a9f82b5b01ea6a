package io.parley.tools.mcp;

import io.parley.tools.CallConsent;
import com.fasterxml.jackson.databind.JsonNode;
import io.modelcontextprotocol.spec.McpSchema;
import io.parley.core.bot.ListedMcpTool;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the node speaks to one tenant's MCP server, in the revision the server offers: statelessly
 * (2026-07-28) or in a session opened by {@code initialize} (2025-06-18 and 2025-11-25). Either answers
 * in the SDK's 2025 schema types, which the tools read whatever the revision. Package-private, so the
 * two ways of this package are all there are, while each depends on this file and not the other way.
 */
interface McpProtocol extends AutoCloseable {
  /** The longest any one request may take: the longest a tool call may (docs/tools.md). */
  Duration MAX_REQUEST = Duration.ofSeconds(60);

  /** Whether the server tells of a changed list itself; otherwise the caller lists it again now and then. */
  boolean hearsServer();

  /** Every tool the server lists, within {@code timeout} a request. */
  List<ListedMcpTool> listTools(Duration timeout);

  /**
   * Calls {@code tool} with {@code meta} in the request's {@code _meta}, within {@code timeout}; {@code consent}: what a
   * person gave the call, which answers a confirmation or a form the server asks for during it.
   */
  McpSchema.CallToolResult call(String tool, JsonNode arguments, CallConsent consent, Map<String, Object> meta,
      Duration timeout);

  @Override
  void close();
}
