package io.parley.bench;

import com.fasterxml.jackson.databind.util.RawValue;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.ListedMcpTool;
import io.parley.core.bot.McpServerSetting;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.llm.RequestTools;
import io.parley.core.llm.ToolSpec;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.net.OutboundHttp;
import io.parley.core.testing.UnsealedSecrets;
import io.parley.tools.ResultLimit;
import io.parley.tools.ToolCallCounts;
import io.parley.tools.ToolGuard;
import io.parley.tools.ToolRegistry;
import io.parley.tools.mcp.McpServers;
import io.parley.tools.tenant.ConfiguredTenantTools;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a tenant's MCP tools add to a turn's prompt: {@code TurnRunner} asks the tenant's tools for
 * the turn ({@link ConfiguredTenantTools#forTurn}: the servers' listings from memory, the registry
 * kept for that configuration), then their specs, which the request carries as JSON (measured with
 * and without writing them). Measured with
 * no tenant tool and with one MCP server listing 20 tools, each with a schema of four arguments, to
 * set beside {@link PromptAssemblyBenchmark}'s figure for the rest of the prompt.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TenantToolsBenchmark extends InMemoryBenchmark {
  private static final TenantSecrets NO_SECRETS = new UnsealedSecrets();

  /** The tools the tenant's one MCP server lists; 0: the tenant has no server. */
  @Param({"0", "20"})
  public int mcpTools;

  private McpServers servers;
  private ConfiguredTenantTools tools;
  private BotConfig config;
  private final RequestTools requestTools = new RequestTools();

  @Setup
  public void build() {
    OutboundHttp http = new OutboundHttp(OutboundAddressPolicy.parse(""));
    servers = new McpServers(http, NO_SECRETS, McpServers.answerBytes(ResultLimit.standard()), Clock.systemUTC());
    tools = new ConfiguredTenantTools(ToolRegistry.of(List.of()), http, NO_SECRETS, servers, ResultLimit.standard(),
        ToolGuard.none(), new ToolCallCounts(Clock.systemUTC()));
    List<ListedMcpTool> listed = IntStream.range(0, mcpTools).mapToObj(i -> new ListedMcpTool("tool_" + i,
        "Looks up part " + i + " of an order: its status, its carrier and when it should arrive.",
        "{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\",\"description\":\"The order number\"},"
            + "\"email\":{\"type\":\"string\",\"format\":\"email\"},\"limit\":{\"type\":\"integer\",\"minimum\":1,"
            + "\"maximum\":20},\"reason\":{\"type\":\"string\",\"enum\":[\"late\",\"damaged\",\"other\"]}},"
            + "\"required\":[\"order\"],\"additionalProperties\":false}", true)).toList();
    config = mcpTools == 0 ? BotConfig.empty() : BotConfig.empty().withMcpServers(List.of(new McpServerSetting("shop",
        "https://mcp.shop.example/mcp", Optional.empty(), List.of(), listed, Optional.empty())));
  }

  @TearDown
  public void close() {
    servers.close();
  }

  /** The turn's tools: what the prompt offers the model. */
  @Benchmark
  public List<ToolSpec> turnTools() {
    return tools.forTurn("acme", config).specs();
  }

  /** The same, written as the request to the model carries them (written once for the registry's list, then kept). */
  @Benchmark
  public RawValue turnToolsAsJson() {
    return requestTools.of(tools.forTurn("acme", config).specs());
  }
}
