package io.parley.http;

import io.parley.core.net.OutboundAddressPolicy;
import io.parley.http.campaign.Campaigns;
import io.parley.core.net.OutboundHttp;
import io.parley.persistence.keys.JdbcDataKeys;
import io.parley.sessions.resilience.BreakerGuardedTool;
import io.parley.sessions.resilience.DependencyBreakers;
import io.parley.sessions.turn.PressKeysTool;
import io.parley.sessions.workflow.EscalateTool;
import io.parley.sessions.workflow.SealedInput;
import io.parley.sessions.workflow.Workflows;
import io.parley.tools.BuiltInTools;
import io.parley.tools.Tool;
import io.parley.tools.ToolCallCounts;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolRegistry;
import io.parley.tools.ToolSettings;
import io.parley.tools.mcp.McpServers;
import io.parley.tools.remote.RemoteTools;
import io.parley.tools.tenant.ConfiguredTenantTools;
import io.parley.tools.tenant.TenantToolCheck;
import io.parley.tools.tenant.ToolTrial;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * The tools a node offers the model: its own, the escalate tool, a campaign callee's {@code do_not_call}, a phone
 * call's {@code press_keys}, the remote tools of its
 * configuration ({@code operatorTools}), and each tenant's own (docs/tools.md#a-tenants-own-tools),
 * with the check a tenant's tool passes before its configuration is stored, the trial of one before
 * it is saved, and the count of each tenant's calls of the operator's tools and its own, beside
 * the breakers they run behind.
 */
record OfferedTools(ToolRegistry registry, List<ToolDefinition> operatorTools, ConfiguredTenantTools tenants,
    TenantToolCheck check, ToolTrial trial, ToolCallCounts counts, DependencyBreakers breakers) {

  static OfferedTools assemble(ActorSystem<?> system, BuiltInTools builtIn, Workflows workflows,
      SealedInput sealedInput, ToolSettings settings, OutboundHttp outbound, OutboundAddressPolicy outboundPolicy,
      JdbcDataKeys keys, DependencyBreakers breakers, DataSource dataSource) {
    List<Tool> offered = new ArrayList<>(builtIn.registry().tools());
    offered.add(new EscalateTool(workflows, sealedInput, Clock.systemUTC()));
    offered.add(Campaigns.doNotCallTool(dataSource, keys, Clock.systemUTC()));
    offered.add(new PressKeysTool());
    ToolCallCounts counts = new ToolCallCounts(Clock.systemUTC());
    // Remote tools last, each behind its own breaker; none may take the name of one of the node's own.
    List<ToolDefinition> operatorTools = new ArrayList<>();
    RemoteTools.connect(settings.remoteTools(), offered.stream().map(tool -> tool.definition().name()).toList(),
            outbound, settings.resultLimit())
        .forEach(remote -> {
          operatorTools.add(remote.definition());
          offered.add(counts.counted(new BreakerGuardedTool(remote, breakers)));
        });
    ToolRegistry registry = ToolRegistry.of(offered);
    // The tenants' own tools, each tenant's behind breakers of its own.
    McpServers mcpServers = new McpServers(outbound, keys, McpServers.answerBytes(settings.resultLimit()),
        Clock.systemUTC());
    system.getWhenTerminated().thenRun(mcpServers::close);
    ConfiguredTenantTools tenantTools = new ConfiguredTenantTools(registry, outbound, keys, mcpServers,
        settings.resultLimit(), (tool, dependency) -> new BreakerGuardedTool(tool, breakers, dependency), counts);
    TenantToolCheck check = new TenantToolCheck(outboundPolicy, mcpServers, Set.copyOf(registry.names()));
    return new OfferedTools(registry, List.copyOf(operatorTools), tenantTools, check, new ToolTrial(check, outbound),
        counts, breakers);
  }
}
