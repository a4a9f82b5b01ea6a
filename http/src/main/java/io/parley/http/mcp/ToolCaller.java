package io.parley.http.mcp;

import io.modelcontextprotocol.common.McpTransportContext;
import io.parley.core.identity.Caller;
import java.util.HashMap;
import java.util.Map;

/** Who calls a tool, as the route proved it, and the id of the request that carried the call (for the audit log). */
record ToolCaller(Caller caller, String requestId) {
  private static final String KEY = "parley.caller";

  /** What the SDK's server hands each tool of this request. */
  McpTransportContext context() {
    return context(Map.of());
  }

  /** The same, with {@code alongside} for the SDK's own reading (the 2026 server's headers). */
  McpTransportContext context(Map<String, Object> alongside) {
    Map<String, Object> values = new HashMap<>(alongside);
    values.put(KEY, this);
    return McpTransportContext.create(values);
  }

  static ToolCaller of(McpTransportContext context) {
    return (ToolCaller) context.get(KEY);
  }
}
