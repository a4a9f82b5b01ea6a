package io.parley.core.bot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A tool as an MCP server listed it when the configuration was saved: its name on the server, its
 * description and the JSON schema of its arguments, and whether the server says a repeated call is
 * harmless ({@code readOnlyHint} or {@code idempotentHint}). A node that has not listed the server
 * itself yet offers these, so a turn never waits for a listing.
 */
public record ListedMcpTool(String name, String description, JsonNode inputSchema, boolean repeatable) {
  public ListedMcpTool {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    Objects.requireNonNull(inputSchema, "inputSchema");
  }
}
