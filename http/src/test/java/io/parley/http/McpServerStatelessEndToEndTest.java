package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.modern.McpException;
import io.modelcontextprotocol.modern.McpSchema;
import io.modelcontextprotocol.modern.client.McpClient;
import io.modelcontextprotocol.modern.client.McpSyncClient;
import io.modelcontextprotocol.modern.client.transport.HttpClientMcpTransport;
import io.modelcontextprotocol.modern.client.transport.McpHttpRequestCustomizer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Parley's MCP server in revision 2026-07-28 (docs/tools.md, "Protocol revisions"), through the MCP Java SDK's own
 * stateless client: it discovers the revision, lists the same tools a 2025 client is shown and calls them for the
 * caller's own tenant, without a session; a customer is refused; headers that disagree with the body, and a revision
 * neither server speaks, are refused as the revision says. One node for the class.
 */
class McpServerStatelessEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  @RegisterExtension
  static final RunningNode node = RunningNode.offline();
  private static Instant started;
  private static String acmeConversation;

  @BeforeAll
  static void conversations() throws Exception {
    started = Instant.now().minusSeconds(1);
    acmeConversation = ConversationsEndToEndTest.converse(node.httpPort(), "acme", Optional.of("ada"),
        List.of("Where is my parcel?"));
    ConversationsEndToEndTest.converse(node.httpPort(), "globex", Optional.empty(), List.of("Hello from globex"));
  }

  @Test
  void aClientOf2026DiscoversListsAndCallsTheToolsWithoutASession() throws Exception {
    McpSyncClient client = client("Bearer " + TestIdentity.adminKey("acme"));
    McpSchema.DiscoverResult discovered = client.discover();
    assertTrue(discovered.supportedVersions().contains("2026-07-28"), discovered.toString());
    assertEquals(List.of("search_conversations", "read_conversation", "read_analytics", "search_knowledge_base"),
        client.listTools().list().tools().stream().map(McpSchema.Tool::name).toList());

    assertEquals(List.of(acmeConversation), ConversationsEndToEndTest.ids(searchedUntilFound(client)),
        "acme's conversations only");
    JsonNode conversation = structured(client.tool("read_conversation").arguments(Map.of("sessionId", acmeConversation))
        .call());
    assertTrue(conversation.get("messages").toString().contains("Where is my parcel?"), conversation.toString());
    McpSchema.CallToolResult unknown = client.tool("search_conversations").arguments(Map.of("tenant", "globex")).call();
    assertTrue(unknown.isError(), "an argument the route does not take is refused: " + unknown);
  }

  /**
   * The TypeScript SDK v2's client ({@code @modelcontextprotocol/client}, pinned by
   * http/src/test/mcp-typescript-client's package-lock.json, client.mjs there), pinned to 2026-07-28: with a tenant's
   * key it lists the tools, calls one, and reads a conversation as a resource.
   */
  @Test
  void theTypeScriptClientListsCallsAndReadsAResource() throws Exception {
    searchedUntilFound(client("Bearer " + TestIdentity.adminKey("acme")));
    NodeTool.requireNodeAndNpm("run an MCP client of the TypeScript SDK");
    Path work = Path.of("target/mcp-typescript-client");
    NodeTool.installPinned(Path.of("src/test/mcp-typescript-client"), work,
        List.of("package.json", "package-lock.json", "client.mjs"), "@modelcontextprotocol/client");
    NodeTool.Result ran = NodeTool.run(work, 120, Map.of("MCP_URL", "http://127.0.0.1:" + node.httpPort()
        + "/v1/mcp?tenant=acme", "MCP_KEY", TestIdentity.adminKey("acme"), "CONVERSATION", acmeConversation),
        "node", "client.mjs");
    assertEquals(0, ran.exitCode(), ran.output());
    JsonNode result = JSON.readTree(ran.output().lines().filter(line -> line.startsWith("result ")).findFirst()
        .orElseThrow(() -> new AssertionError("no result: " + ran.output())).substring(7));
    assertEquals("2026-07-28", result.get("version").asText(), result.toString());
    assertTrue(result.get("tools").toString().contains("\"read_conversation\""), result.toString());
    assertFalse(result.at("/called/isError").asBoolean(), result.toString());
    assertTrue(result.at("/called/text").asText().contains("Where is my parcel?"), result.toString());
    assertEquals("[\"parley://conversations/{sessionId}\"]", result.get("templates").toString());
    JsonNode read = result.at("/read/0");
    assertEquals("parley://conversations/" + acmeConversation, read.get("uri").asText(), result.toString());
    assertEquals("application/json", read.get("mimeType").asText(), result.toString());
    assertTrue(JSON.readTree(read.get("text").asText()).get("messages").toString().contains("Where is my parcel?"),
        result.toString());
  }

  @Test
  void aConversationOfAnotherTenantIsNoResourceOfTheCaller() {
    McpSyncClient globex = client("globex", "Bearer " + TestIdentity.adminKey("globex"));
    assertEquals(List.of("parley://conversations/{sessionId}"), globex.resourceTemplates().list().resourceTemplates()
        .stream().map(McpSchema.ResourceTemplate::uriTemplate).toList());
    McpException refused = assertThrows(McpException.class,
        () -> globex.resource("parley://conversations/" + acmeConversation).read());
    assertEquals(-32602, refused.error().code(), refused.error().toString());
    McpException unknown = assertThrows(McpException.class, () -> globex.resource("parley://orders/1").read());
    assertEquals(-32602, unknown.error().code(), unknown.error().toString());
    assertTrue(String.valueOf(unknown.error().data()).contains("parley://orders/1"), "the URI asked for: " + unknown.error());
  }

  @Test
  void aCustomerIsRefused() {
    McpSyncClient customer = client("Bearer " + TestIdentity.customerToken("acme", Optional.empty()));
    assertThrows(RuntimeException.class, customer::discover);
  }

  @Test
  void headersThatDisagreeWithTheBodyAndAnUnspokenRevisionAreRefused() throws Exception {
    String admin = "Bearer " + TestIdentity.adminKey("acme");
    String discover = "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"server/discover\", \"params\": {\"_meta\": {"
        + "\"io.modelcontextprotocol/protocolVersion\": \"2026-07-28\", \"io.modelcontextprotocol/clientCapabilities\": {},"
        + " \"io.modelcontextprotocol/clientInfo\": {\"name\": \"test\", \"version\": \"1\"}}}}";
    HttpResponse<String> answered = post(admin, "2026-07-28", "server/discover", discover);
    assertEquals(200, answered.statusCode(), answered.body());
    HttpResponse<String> mismatched = post(admin, "2026-07-28", "tools/list", discover);
    assertEquals(400, mismatched.statusCode(), mismatched.body());
    assertEquals(-32020, JSON.readTree(mismatched.body()).at("/error/code").asInt(), mismatched.body());
    HttpResponse<String> unspoken = post(admin, "2099-01-01", "server/discover", discover);
    assertEquals(400, unspoken.statusCode(), unspoken.body());
    JsonNode error = JSON.readTree(unspoken.body());
    assertEquals(3, error.get("id").asInt(), unspoken.body());
    assertEquals(-32022, error.at("/error/code").asInt(), unspoken.body());
    assertEquals("2099-01-01", error.at("/error/data/requested").asText());
    List<String> supported = new ArrayList<>();
    error.at("/error/data/supported").forEach(version -> supported.add(version.asText()));
    assertTrue(supported.containsAll(List.of("2026-07-28", "2025-11-25", "2025-06-18")), supported.toString());
  }

  private static McpSyncClient client(String authorization) {
    return client("acme", authorization);
  }

  private static McpSyncClient client(String tenant, String authorization) {
    HttpClientMcpTransport transport = HttpClientMcpTransport.builder(URI.create("http://127.0.0.1:" + node.httpPort()
            + "/v1/mcp?tenant=" + tenant))
        .requestCustomizer(McpHttpRequestCustomizer.fromSync((request, headers, context) ->
            headers.set("Authorization", authorization)))
        .build();
    return McpClient.sync(transport).clientInfo(McpSchema.Implementation.builder("test", "1").build())
        .callTimeout(Duration.ofSeconds(30)).build();
  }

  /** The page of acme's conversations since the class started, once the read model has acme's conversation. */
  private static JsonNode searchedUntilFound(McpSyncClient client) {
    List<JsonNode> page = new ArrayList<>(List.of(JSON.nullNode()));
    await("conversation " + acmeConversation + " in the read model").atMost(Duration.ofSeconds(60)).until(() -> {
      page.set(0, structured(client.tool("search_conversations").arguments(Map.of("from", started.toString())).call()));
      return ConversationsEndToEndTest.ids(page.get(0)).contains(acmeConversation);
    });
    return page.get(0);
  }

  private static JsonNode structured(McpSchema.CallToolResult result) {
    assertFalse(Boolean.TRUE.equals(result.isError()), "an error result: " + result);
    return JSON.valueToTree(result.structuredContent());
  }

  private static HttpResponse<String> post(String authorization, String version, String method, String body)
      throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/mcp?tenant=acme"))
        .header("Authorization", authorization).header("Content-Type", "application/json")
        .header("Accept", "application/json, text/event-stream").header("MCP-Protocol-Version", version)
        .header("Mcp-Method", method).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
