package io.parley.tools.tenant;

import io.parley.core.bot.HttpToolSetting;
import io.parley.core.bot.ListedMcpTool;
import io.parley.core.bot.McpServerSetting;
import io.parley.core.bot.ToolApproval;
import io.parley.core.net.OutboundHttp;
import io.parley.core.net.RefusedAddress;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Tries one of a tenant's own tools before it is saved, for its admin's "test the connection": the
 * checks a save makes ({@link TenantToolCheck}: the addresses against the outbound policy, the
 * schema, the server's listing), then the server reached. An MCP server is listed as a save lists
 * it, on the connection its calls would use; an HTTP tool's URL is asked for its headers
 * ({@code HEAD}), never called, since a call may do what the tool does. Blocks: run it off the actor threads.
 */
public record ToolTrial(TenantToolCheck check, OutboundHttp http) {
  private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(10);

  /** What trying an entry found. */
  public sealed interface Outcome {
    /** The entry may not be saved, nor tried, as it is: each problem names its field. */
    record Refused(List<String> problems) implements Outcome {}

    /** The server could not be reached, or failed to answer: why, in words. */
    record Unreachable(String reason) implements Outcome {}

    /**
     * The server answered ({@code status}: the HTTP status of an HTTP tool's URL): the tools it
     * offers, and the problems a save would still refuse the entry for (none when it may be saved).
     */
    record Reached(Optional<Integer> status, List<Offered> tools, List<String> problems) implements Outcome {}
  }

  /**
   * A tool the entry offers: its name on its server, the name the model would call it, its
   * description and its arguments' JSON schema (as text), whether the bot may use it (an MCP
   * server's allow-list), and who approves its calls.
   */
  public record Offered(String name, String offeredAs, String description, String inputSchema, boolean allowed,
      ToolApproval approval) {}

  public Outcome http(HttpToolSetting tool) {
    List<String> refused = check.problems(tool, "httpTool");
    if (!refused.isEmpty()) return new Outcome.Refused(refused);
    Offered offered = new Offered(tool.name(), tool.name(), tool.description(), tool.parameters(), true, tool.approver());
    Call call = http.call(new Request.Builder().url(OutboundHttp.target(tool.url())).head().build());
    call.timeout().timeout(HEAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    try (Response response = call.execute()) {
      return new Outcome.Reached(Optional.of(response.code()), List.of(offered), List.of());
    } catch (RefusedAddress e) {
      return new Outcome.Refused(List.of("httpTool.url: " + e.getMessage()));
    } catch (IOException e) {
      return new Outcome.Unreachable(tool.url() + " could not be reached: " + TenantToolCheck.reason(e));
    }
  }

  public Outcome mcp(String tenant, McpServerSetting server) {
    List<String> refused = check.addressProblems(server, "mcpServer");
    if (!refused.isEmpty()) return new Outcome.Refused(refused);
    List<ListedMcpTool> listed;
    try {
      listed = check.listNow(tenant, server);
    } catch (RuntimeException e) {
      Optional<RefusedAddress> address = RefusedAddress.in(e);
      if (address.isPresent()) return new Outcome.Refused(List.of("mcpServer.url: " + address.get().getMessage()));
      return new Outcome.Unreachable("could not list the tools of " + server.url() + ": " + TenantToolCheck.reason(e));
    }
    List<String> problems = check.listingProblems(server, listed, "mcpServer", new HashSet<>(check.nodeTools()));
    List<Offered> tools = listed.stream().map(tool -> {
      Optional<ToolApproval> approval = server.choice(tool.name()).map(server::approvalOf);
      return new Offered(tool.name(), ConfiguredTenantTools.toolName(server, tool), tool.description(), tool.inputSchema(),
          approval.isPresent(), approval.orElse(server.approval().orElse(ToolApproval.NONE)));
    }).toList();
    return new Outcome.Reached(Optional.empty(), tools, problems);
  }
}
