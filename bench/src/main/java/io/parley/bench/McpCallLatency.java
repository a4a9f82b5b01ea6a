package io.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.parley.core.bot.McpServerSetting;
import io.parley.core.erasure.TenantSecrets;
import io.parley.core.net.OutboundAddressPolicy;
import io.parley.core.net.OutboundHttp;
import io.parley.core.testing.UnsealedSecrets;
import io.parley.tools.CallConsent;
import io.parley.tools.ResultLimit;
import io.parley.tools.mcp.McpServers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the node adds to an MCP tool call, against a server in another process on loopback (the MCP
 * reference server, {@code bench/out-of-process/mcp-call.sh}): the same {@code tools/call} made by
 * the MCP Java SDK's own client with its own HTTP transport (the server's time and the loopback,
 * nothing of Parley), and by the node's path for a tenant's MCP tool ({@link McpServers#call}: the
 * connection kept per tenant and server, the outbound policy checking the address connected to,
 * the bounded read of the answer, the idempotency key in {@code _meta}). The two take turns in
 * blocks of {@code BLOCK} calls, so the machine's load falls on both; prints each one's
 * percentiles and the differences as JSON lines.
 *
 * <pre>java -cp bench/target/benchmarks.jar io.parley.bench.McpCallLatency http://127.0.0.1:3001/mcp [calls] [warmup]</pre>
 */
public final class McpCallLatency {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BLOCK = 200;
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final TenantSecrets NO_SECRETS = new UnsealedSecrets();

  private McpCallLatency() {}

  public static void main(String[] args) throws Exception {
    PositionalArguments commandLine = new PositionalArguments(args);
    String url = args[0];
    int calls = commandLine.number(1, 10_000);
    int warmup = commandLine.number(2, 5_000);
    JsonNode arguments = JSON.readTree("{\"message\":\"Where is order A-1042?\"}");
    McpServerSetting.Address server = new McpServerSetting("everything", url, Optional.empty(), List.of(), List.of())
        .address();
    OutboundHttp http = new OutboundHttp(OutboundAddressPolicy.parse("127.0.0.0/8,::1/128"));
    try (McpServers node = new McpServers(http, NO_SECRETS, McpServers.answerBytes(ResultLimit.standard()),
            Clock.systemUTC());
        McpSyncClient sdk = McpClient.sync(HttpClientStreamableHttpTransport.builder(origin(url))
            .endpoint(java.net.URI.create(url).getRawPath()).build()).requestTimeout(TIMEOUT).build()) {
      sdk.initialize();
      Runnable bySdk = () -> sdk.callTool(new McpSchema.CallToolRequest("echo", Map.of("message", "Where is order A-1042?")));
      int[] key = {0};
      Runnable byNode = () -> node.call("bench", server, "echo", arguments, CallConsent.NONE, "bench/turn-1/call-" + key[0]++,
          Optional.empty(), TIMEOUT);
      Latencies sdkTimes = new Latencies();
      Latencies nodeTimes = new Latencies();
      for (int done = 0; done < warmup; done += BLOCK) {
        time(bySdk, BLOCK, new Latencies());
        time(byNode, BLOCK, new Latencies());
      }
      for (int done = 0; done < calls; done += BLOCK) {
        time(bySdk, BLOCK, sdkTimes);
        time(byNode, BLOCK, nodeTimes);
      }
      Latencies.Summary alone = sdkTimes.summary();
      Latencies.Summary through = nodeTimes.summary();
      System.out.println(JSON.writeValueAsString(Map.of("path", "sdk-client", "calls", alone.count(),
          "p50Ms", alone.p50(), "p99Ms", alone.p99())));
      System.out.println(JSON.writeValueAsString(Map.of("path", "parley-mcp-servers", "calls", through.count(),
          "p50Ms", through.p50(), "p99Ms", through.p99())));
      System.out.println(JSON.writeValueAsString(Map.of("added", "parley - sdk", "p50Ms", through.p50() - alone.p50(),
          "p99Ms", through.p99() - alone.p99())));
      sdk.closeGracefully();
    }
  }

  private static String origin(String url) {
    java.net.URI uri = java.net.URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }

  private static void time(Runnable call, int times, Latencies into) {
    for (int i = 0; i < times; i++) {
      long start = System.nanoTime();
      call.run();
      into.add(System.nanoTime() - start);
    }
  }
}
