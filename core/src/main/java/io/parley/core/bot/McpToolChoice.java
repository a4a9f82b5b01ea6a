package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.Optional;

/**
 * One tool of an MCP server that the tenant's bot may use, by the server's name for it, with the
 * tenant's own {@code description} for the model instead of the server's and the longest one call
 * may take ({@code timeoutMs}), and who approves its calls instead of the server's {@code approval}
 * ({@code approval}), each optional.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record McpToolChoice(String name, Optional<String> description, Optional<Integer> timeoutMs,
    Optional<ToolApproval> approval) {
  public McpToolChoice {
    Objects.requireNonNull(name, "name");
    description = description == null ? Optional.empty() : description;
    timeoutMs = timeoutMs == null ? Optional.empty() : timeoutMs;
    approval = approval == null ? Optional.empty() : approval;
  }

  /** A choice that approves as its server does. */
  public McpToolChoice(String name, Optional<String> description, Optional<Integer> timeoutMs) {
    this(name, description, timeoutMs, Optional.empty());
  }
}
