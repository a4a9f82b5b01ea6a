package io.parley.tools.tenant;

import io.parley.core.bot.ToolApproval;
import java.util.Optional;

/**
 * One of a tenant's own tools as its admin sees it: the name the model calls it, the MCP server it
 * is on (empty for an HTTP tool), who approves its calls, and the name of the circuit breaker it
 * runs behind ({@code tool:<tenant>/<name>}, or its server's {@code mcp:<tenant>/<server>}).
 */
public record OwnTool(String name, Optional<String> server, ToolApproval approval, String breaker) {}
