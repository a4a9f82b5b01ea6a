package io.parley.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.parley.core.bot.ListedMcpTool;

/** A tool as a tenant's MCP server lists it, in the SDK's 2025 schema type whatever the revision, as the node keeps it. */
final class ListedTools {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ListedTools() {}

  /** Repeatable when the server hints it only reads or is idempotent; a tool with no input schema takes an object. */
  static ListedMcpTool of(McpSchema.Tool tool) {
    McpSchema.ToolAnnotations hints = tool.annotations();
    boolean repeatable = hints != null
        && (Boolean.TRUE.equals(hints.readOnlyHint()) || Boolean.TRUE.equals(hints.idempotentHint()));
    JsonNode schema = tool.inputSchema() == null ? JSON.createObjectNode().put("type", "object")
        : JSON.valueToTree(tool.inputSchema());
    return new ListedMcpTool(tool.name(), tool.description(), schema.toString(), repeatable);
  }
}
