package io.parley.tools.tenant;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.BotConfigDocument;
import io.parley.core.bot.HttpToolSetting;
import io.parley.core.bot.JsonText;
import io.parley.core.bot.ListedMcpTool;
import io.parley.core.bot.McpServerSetting;
import io.parley.core.bot.McpToolChoice;
import io.parley.core.bot.RedactionPattern;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.net.OutboundHttp;
import io.parley.core.privacy.PersonalDataKind;
import io.parley.tools.ResultLimit;
import io.parley.tools.TenantTools;
import io.parley.tools.Tool;
import io.parley.tools.ToolCallCounts;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolGuard;
import io.parley.tools.ToolRegistry;
import io.parley.tools.mcp.McpServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's {@link TenantTools}: the node's tools the configuration enables, then the tenant's
 * HTTP tools, then its MCP servers' tools ({@code <server>_<tool>}, those the configuration allows,
 * as this node last heard the server list them, else as the configuration saved them). Each of the
 * tenant's tools runs behind a circuit breaker of the tenant's own ({@code tool:<tenant>/<name>};
 * one per MCP server, {@code mcp:<tenant>/<server>}) and within the tenant's share of concurrent
 * calls ({@link TenantToolCalls}), so one tenant's failing server neither slows nor stops another's;
 * each call is counted for the tenant ({@link ToolCallCounts}).
 *
 * <p>Registries are kept by what they are made of (the tenant, its enabled node tools, its tools'
 * settings and the servers' listings), so a turn compiles no schema unless something changed. A
 * tool that cannot be offered (a listing changed since the save: a name taken, a schema that is not
 * an object's) is left out and logged.
 */
public final class ConfiguredTenantTools implements TenantTools {
  private static final Logger LOG = LoggerFactory.getLogger(ConfiguredTenantTools.class);
  private static final int KEPT_REGISTRIES = 1_000;

  /** What a registry is made of; the redaction as the configuration states it (its compiled patterns compare by identity). */
  private record Key(String tenant, Optional<List<String>> toolsEnabled, List<HttpToolSetting> httpTools,
      List<McpServerSetting> servers, List<List<ListedMcpTool>> listings, boolean refusesInjections,
      Optional<List<PersonalDataKind>> redactKinds, Optional<List<RedactionPattern>> redactPatterns,
      boolean procedureOnly) {}

  private final ToolRegistry node;
  private final OutboundHttp http;
  private final TenantSecrets secrets;
  private final McpServers servers;
  private final ResultLimit limit;
  private final ToolGuard guard;
  private final ToolCallCounts counts;
  private final TenantToolCalls calls = new TenantToolCalls();
  private final Map<Key, ToolRegistry> registries = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, ToolRegistry> eldest) {
      return size() > KEPT_REGISTRIES;
    }
  };

  public ConfiguredTenantTools(ToolRegistry node, OutboundHttp http, TenantSecrets secrets, McpServers servers,
      ResultLimit limit, ToolGuard guard, ToolCallCounts counts) {
    this.node = node;
    this.counts = counts;
    this.http = http;
    this.secrets = secrets;
    this.servers = servers;
    this.limit = limit;
    this.guard = guard;
  }

  @Override
  public ToolRegistry forTurn(String tenant, BotConfig config) {
    return registry(tenant, config, false);
  }

  @Override
  public ToolRegistry forProcedures(String tenant, BotConfig config) {
    return registry(tenant, config, true);
  }

  /** The tenant's tools; {@code procedureOnly}: with those only procedures call, which the model is never offered. */
  private ToolRegistry registry(String tenant, BotConfig config, boolean procedureOnly) {
    if (config.httpTools().isEmpty() && config.mcpServers().isEmpty()) return node.only(config::toolEnabled);
    List<List<ListedMcpTool>> listings = config.mcpServers().stream()
        .map(server -> servers.listing(tenant, server.address()).orElse(server.listed())).toList();
    Key key = new Key(tenant, config.toolsEnabled(), config.httpTools(), config.mcpServers(), listings,
        config.refusesInjections(), config.redactKinds(), config.redactPatterns(), procedureOnly);
    synchronized (registries) {
      ToolRegistry kept = registries.get(key);
      if (kept != null) return kept;
    }
    ToolRegistry built = build(tenant, config, listings, procedureOnly);
    synchronized (registries) {
      registries.put(key, built);
    }
    return built;
  }

  private ToolRegistry build(String tenant, BotConfig config, List<List<ListedMcpTool>> listings, boolean procedureOnly) {
    List<Tool> tools = new ArrayList<>(node.only(config::toolEnabled).tools());
    Set<String> names = new HashSet<>(node.names());
    for (HttpToolSetting setting : config.httpTools()) {
      if (setting.procedureOnly() && !procedureOnly) continue;
      Tool tool = new TenantHttpTool(tenant, setting, http, secrets, limit);
      if (offerable(tenant, tool.definition(), names)) {
        tools.add(counts.counted(calls.limited(tenant, guard.guarded(tool, httpToolBreaker(tenant, setting)))));
      }
    }
    for (int i = 0; i < config.mcpServers().size(); i++) {
      McpServerSetting server = config.mcpServers().get(i);
      for (ListedMcpTool listed : listings.get(i)) {
        Optional<McpToolChoice> choice = server.choice(listed.name());
        if (choice.isEmpty() || choice.get().procedureOnly() && !procedureOnly) continue;
        ToolDefinition definition = mcpDefinition(tenant, server, listed, choice.get(), config);
        if (offerable(tenant, definition, names)) {
          Tool tool = new McpTool(tenant, server.address(), listed.name(), definition, servers, limit);
          tools.add(counts.counted(calls.limited(tenant, guard.guarded(tool, mcpServerBreaker(tenant, server)))));
        }
      }
    }
    return ToolRegistry.of(tools);
  }

  /**
   * The tools {@code config} gives {@code tenant} of its own, by the name the model calls them, as
   * its turns would be offered them now (a server's tools as this node last heard it list them, else
   * as the configuration saved them), each with the breaker it runs behind; without the checks a
   * turn's registry makes (a name taken twice is listed twice). Lists nothing in the background.
   */
  public List<OwnTool> own(String tenant, BotConfig config) {
    List<OwnTool> own = new ArrayList<>();
    for (HttpToolSetting setting : config.httpTools()) {
      own.add(new OwnTool(setting.name(), Optional.empty(), setting.approver(), httpToolBreaker(tenant, setting)));
    }
    for (McpServerSetting server : config.mcpServers()) {
      List<ListedMcpTool> listed = servers.heard(tenant, server.address()).orElse(server.listed());
      for (ListedMcpTool tool : listed) {
        server.choice(tool.name()).ifPresent(choice -> own.add(new OwnTool(toolName(server, tool),
            Optional.of(server.name()), server.approvalOf(choice), mcpServerBreaker(tenant, server))));
      }
    }
    return own;
  }

  /** The breaker of a tenant's HTTP tool: its own. */
  static String httpToolBreaker(String tenant, HttpToolSetting setting) {
    return "tool:" + tenant + "/" + setting.name();
  }

  /** The breaker of a tenant's MCP server, which all its tools share: they fail together. */
  static String mcpServerBreaker(String tenant, McpServerSetting server) {
    return "mcp:" + tenant + "/" + server.name();
  }

  /** The model's view of an MCP tool: {@code <server>_<tool>}, its description, the server's schema, the tenant's timeout. */
  static ToolDefinition mcpDefinition(String tenant, McpServerSetting server, ListedMcpTool listed, McpToolChoice choice,
      BotConfig config) {
    String description = McpDescriptions.forModel(tenant, server.name(), listed.name(), choice.description(),
        listed.description(), config);
    // A call that may have done its work is not repeated unless the server says a repeat is harmless: the
    // idempotency key in the call's _meta helps only a server that honours it.
    return new ToolDefinition(toolName(server, listed), description, JsonText.tree(listed.inputSchema()),
        Duration.ofMillis(choice.timeoutMs().orElse(BotConfigDocument.DEFAULT_TOOL_TIMEOUT_MS)),
        listed.repeatable() ? 2 : 1, ToolDefinition.DEFAULT_BACKOFF, listed.repeatable(), server.approvalOf(choice));
  }

  /** What the model calls the server's tool. */
  public static String toolName(McpServerSetting server, ListedMcpTool listed) {
    return server.name() + "_" + listed.name();
  }

  private static boolean offerable(String tenant, ToolDefinition definition, Set<String> names) {
    if (!names.add(definition.name())) {
      LOG.warn("tool {} of tenant {} is left out: another tool has its name", definition.name(), tenant);
      return false;
    }
    try {
      ToolRegistry.check(definition);
      return true;
    } catch (IllegalArgumentException e) {
      LOG.warn("tool {} of tenant {} is left out: {}", definition.name(), tenant, e.getMessage());
      return false;
    }
  }
}
