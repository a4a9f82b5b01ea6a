package io.parley.core.bot;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Objects;

/**
 * A tool as an MCP server listed it when the configuration was saved: its name on the server, its
 * description and the JSON schema of its arguments, and whether the server says a repeated call is
 * harmless ({@code readOnlyHint} or {@code idempotentHint}); the schema as JSON text ({@link JsonText}).
 * A node that has not listed the server itself yet offers these, so a turn never waits for a listing.
 */
public record ListedMcpTool(String name, String description,
    @JsonSerialize(using = JsonText.Writer.class) @JsonDeserialize(using = JsonText.Reader.class) String inputSchema,
    boolean repeatable) {
  public ListedMcpTool {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    Objects.requireNonNull(inputSchema, "inputSchema");
  }
}
