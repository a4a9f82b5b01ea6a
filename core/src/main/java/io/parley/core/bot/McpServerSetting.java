package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's MCP server ({@code mcpServers}), reached over the streamable HTTP transport at
 * {@code url}: its {@code name} prefixes its tools' ({@code <name>_<tool>}), {@code auth} is how
 * the node signs in, {@code tools} the ones the bot may use (every one the server lists when
 * empty), {@code listed} what the server listed when the configuration was saved, and
 * {@code approval} who approves its tools' calls unless a tool's choice says otherwise.
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record McpServerSetting(String name, String url, Optional<McpAuth> auth,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<McpToolChoice> tools,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ListedMcpTool> listed,
    Optional<ToolApproval> approval) {
  public McpServerSetting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(url, "url");
    auth = auth == null ? Optional.empty() : auth;
    tools = tools == null ? List.of() : List.copyOf(tools);
    listed = listed == null ? List.of() : List.copyOf(listed);
    approval = approval == null ? Optional.empty() : approval;
  }

  /** A server whose tools run without anyone's approval. */
  public McpServerSetting(String name, String url, Optional<McpAuth> auth, List<McpToolChoice> tools,
      List<ListedMcpTool> listed) {
    this(name, url, auth, tools, listed, Optional.empty());
  }

  /** The same server as the server listed its tools just now. */
  public McpServerSetting withListed(List<ListedMcpTool> now) {
    return new McpServerSetting(name, url, auth, tools, now, approval);
  }

  /** The tenant's choice of the server's tool {@code tool}; empty when the tenant did not choose it. */
  public Optional<McpToolChoice> choice(String tool) {
    if (tools.isEmpty()) return Optional.of(new McpToolChoice(tool, Optional.empty(), Optional.empty()));
    return tools.stream().filter(choice -> choice.name().equals(tool)).findFirst();
  }

  /** Who approves a call of {@code choice}: its own {@code approval}, else the server's, else nobody. */
  public ToolApproval approvalOf(McpToolChoice choice) {
    return choice.approval().or(() -> approval).orElse(ToolApproval.NONE);
  }

  /** Where the server is and how the node signs in: a server whose identity changes gets a new connection. */
  public record Address(String name, String url, Optional<McpAuth> auth) {}

  public Address address() {
    return new Address(name, url, auth);
  }
}
