package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;
import java.util.Optional;

/**
 * One tool of an MCP server that the tenant's bot may use, by the server's name for it, with the
 * tenant's own {@code description} for the model instead of the server's and the longest one call
 * may take ({@code timeoutMs}), and who approves its calls instead of the server's {@code approval}
 * ({@code approval}), each optional. A tool {@code procedureOnly} is never offered to the model: only
 * a procedure's steps call it (docs/procedures.md).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record McpToolChoice(String name, Optional<String> description, Optional<Integer> timeoutMs,
    Optional<ToolApproval> approval, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean procedureOnly) {
  public McpToolChoice {
    Objects.requireNonNull(name, "name");
    description = description == null ? Optional.empty() : description;
    timeoutMs = timeoutMs == null ? Optional.empty() : timeoutMs;
    approval = approval == null ? Optional.empty() : approval;
  }

  /** A tool the model may call itself. */
  public McpToolChoice(String name, Optional<String> description, Optional<Integer> timeoutMs,
      Optional<ToolApproval> approval) {
    this(name, description, timeoutMs, approval, false);
  }

  /** A choice that approves as its server does. */
  public McpToolChoice(String name, Optional<String> description, Optional<Integer> timeoutMs) {
    this(name, description, timeoutMs, Optional.empty());
  }
}
