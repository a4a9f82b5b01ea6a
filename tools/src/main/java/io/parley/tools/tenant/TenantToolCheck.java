package io.parley.tools.tenant;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.HttpToolSetting;
import io.parley.core.bot.JsonText;
import io.parley.core.bot.ListedMcpTool;
import io.parley.core.bot.McpAuth;
import io.parley.core.bot.McpServerSetting;
import io.parley.core.bot.McpToolChoice;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.net.RefusedAddress;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolRegistry;
import io.parley.tools.mcp.McpServers;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What is checked of a tenant's own tools when a configuration is saved (a draft or a version),
 * beyond what the document itself says ({@code BotConfigDocument}): each URL's host against the
 * outbound policy, as written or as it resolves now (each address is checked again when a call
 * connects to it); each HTTP tool's schema against the JSON Schema meta-schema; and each MCP server
 * listed now: it must answer and list at least one tool, the tools the tenant names must be among
 * them, and each tool offered must make a usable name ({@code <server>_<tool>}, taken by no other
 * tool) and have an object schema. Every problem names its entry; the configuration comes back with
 * what each server listed. Blocks: run it off the actor threads.
 *
 * @param nodeTools the node's tools' names, which none of the tenant's may take
 */
public record TenantToolCheck(OutboundAddressPolicy policy, McpServers servers, Set<String> nodeTools) {
  private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  /** The configuration with its servers' listings, or the problems that keep it from being saved. */
  public record Checked(BotConfig config, List<String> problems) {}

  public TenantToolCheck {
    nodeTools = Set.copyOf(nodeTools);
  }

  public Checked check(String tenant, BotConfig config) {
    List<String> problems = new ArrayList<>();
    Set<String> names = new HashSet<>(nodeTools);
    for (int i = 0; i < config.httpTools().size(); i++) {
      HttpToolSetting tool = config.httpTools().get(i);
      names.add(tool.name());
      problems.addAll(problems(tool, "httpTools[" + i + "]"));
    }
    List<McpServerSetting> listed = new ArrayList<>();
    for (int i = 0; i < config.mcpServers().size(); i++) {
      McpServerSetting server = config.mcpServers().get(i);
      listed.add(listed(tenant, server, "mcpServers[" + i + "]", names, problems).orElse(server));
    }
    return new Checked(config.withMcpServers(listed), problems);
  }

  /** What keeps an HTTP tool from being saved, without calling it: its schema, its address. */
  List<String> problems(HttpToolSetting tool, String at) {
    List<String> problems = new ArrayList<>();
    try {
      ToolRegistry.check(TenantHttpTool.definition(tool));
    } catch (IllegalArgumentException e) {
      problems.add(at + ".parameters: " + e.getMessage());
    }
    refusal(tool.url()).ifPresent(why -> problems.add(at + ".url: " + why));
    return problems;
  }

  /** What keeps an MCP server from being tried at all: its addresses. */
  List<String> addressProblems(McpServerSetting server, String at) {
    List<String> problems = new ArrayList<>();
    refusal(server.url()).ifPresent(why -> problems.add(at + ".url: " + why));
    server.auth().filter(McpAuth.OAuth.class::isInstance).map(auth -> ((McpAuth.OAuth) auth).tokenUrl())
        .flatMap(this::refusal).ifPresent(why -> problems.add(at + ".auth.tokenUrl: " + why));
    return problems;
  }

  /** The tools the server lists now (blocks), connecting first as the node's calls would. */
  List<ListedMcpTool> listNow(String tenant, McpServerSetting server) {
    return servers.listNow(tenant, server.address());
  }

  private Optional<McpServerSetting> listed(String tenant, McpServerSetting server, String at, Set<String> names,
      List<String> problems) {
    List<String> refused = addressProblems(server, at);
    if (!refused.isEmpty()) {
      problems.addAll(refused);
      return Optional.empty();
    }
    List<ListedMcpTool> tools;
    try {
      tools = listNow(tenant, server);
    } catch (RuntimeException e) {
      problems.add(at + ": could not list the tools of " + server.url() + ": " + reason(e));
      return Optional.empty();
    }
    problems.addAll(listingProblems(server, tools, at, names));
    return tools.isEmpty() ? Optional.empty() : Optional.of(server.withListed(tools));
  }

  /**
   * What keeps a server's listing from being saved: no tool, an allow-list naming one it does not
   * list, a tool offered under a name that is not valid or is taken ({@code names}, to which the
   * offered names are added), a schema that is not an object's.
   */
  List<String> listingProblems(McpServerSetting server, List<ListedMcpTool> tools, String at, Set<String> names) {
    if (tools.isEmpty()) return List.of(at + ": " + server.url() + " lists no tools");
    List<String> problems = new ArrayList<>();
    List<String> offered = tools.stream().map(ListedMcpTool::name).toList();
    for (int j = 0; j < server.tools().size(); j++) {
      McpToolChoice choice = server.tools().get(j);
      if (!offered.contains(choice.name())) {
        problems.add(at + ".tools[" + j + "].name: the server lists no tool named " + choice.name()
            + " (it lists " + String.join(", ", offered) + ")");
      }
    }
    for (ListedMcpTool tool : tools) {
      if (server.choice(tool.name()).isEmpty()) continue;
      String name = ConfiguredTenantTools.toolName(server, tool);
      if (!TOOL_NAME.matcher(name).matches()) {
        problems.add(at + ": the server's tool " + tool.name() + " would be offered as " + name + ", which is not 1 to"
            + " 64 of A-Z, a-z, 0-9, _ and -; name the tools to offer in tools");
      } else if (!names.add(name)) {
        problems.add(at + ": the server's tool " + tool.name() + " would be offered as " + name
            + ", the name of another tool");
      } else {
        schemaProblem(name, tool).ifPresent(why -> problems.add(at + ": the server's tool " + tool.name() + ": " + why));
      }
    }
    return problems;
  }

  /** The registry's own check of a schema: a valid JSON schema of an object. */
  private static Optional<String> schemaProblem(String name, ListedMcpTool tool) {
    try {
      ToolRegistry.check(new ToolDefinition(name, tool.description(), JsonText.tree(tool.inputSchema()), Duration.ofSeconds(1), 1,
          ToolDefinition.DEFAULT_BACKOFF, false));
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  private Optional<String> refusal(String url) {
    return policy.refusalOfUrl(URI.create(url));
  }

  /** Why a listing failed, for the admin: the refused address, or the kind of failure and its message. */
  static String reason(Throwable e) {
    Optional<RefusedAddress> refused = RefusedAddress.in(e);
    if (refused.isPresent()) return refused.get().getMessage();
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage() == null ? "" : ": " + root.getMessage();
    return root.getClass().getSimpleName() + message;
  }
}
