package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
 * Parley as an MCP server (docs/tools.md, "Parley as an MCP server"), through the MCP Java SDK's own client over the
 * streamable HTTP transport: a tenant's admin and agent keys list the tools and call each, and see their tenant's
 * conversations, figures and knowledge base only, as the REST API shows them; customers, anonymous callers, pages the
 * tenant does not allow and protocol versions the server does not speak are refused. One node for the class.
 */
class McpServerEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String INITIALIZE = "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", \"params\": "
      + "{\"protocolVersion\": \"2025-06-18\", \"capabilities\": {}, \"clientInfo\": {\"name\": \"test\", \"version\": \"1\"}}}";
  @RegisterExtension
  static final RunningNode node = RunningNode.offline();
  private static Instant started;
  private static String acmeConversation;
  private static String globexConversation;

  @BeforeAll
  static void conversationsAndDocuments() throws Exception {
    started = Instant.now().minusSeconds(1);
    acmeConversation = ConversationsEndToEndTest.converse(node.httpPort(), "acme", Optional.of("ada"),
        List.of("Where is my parcel?"));
    globexConversation = ConversationsEndToEndTest.converse(node.httpPort(), "globex", Optional.empty(),
        List.of("Hello from globex"));
    addDocument("acme", "Gift cards", "Gift cards are valid for two years and cannot be exchanged for cash.");
    addDocument("globex", "Returns", "Returns are free within thirty days of delivery.");
  }

  @Test
  void anAdminListsTheToolsAndCallsEachForItsOwnTenant() throws Exception {
    try (McpSyncClient client = connected("Bearer " + TestIdentity.adminKey("acme"))) {
      assertEquals("parley", client.getServerInfo().name());
      assertEquals(List.of("search_conversations", "read_conversation", "read_analytics", "search_knowledge_base"),
          client.listTools().tools().stream().map(McpSchema.Tool::name).toList());
      McpSchema.Tool search = client.listTools().tools().get(0);
      JsonNode arguments = JSON.valueToTree(search.inputSchema()).get("properties");
      assertTrue(arguments.has("q") && arguments.has("cursor"), "the route's parameters are the arguments: " + arguments);
      assertFalse(arguments.has("tenant"), "the tenant is always the caller's");
      assertTrue(search.annotations().readOnlyHint());

      JsonNode page = awaitConversations(client, acmeConversation);
      assertEquals("acme", page.get("tenant").asText());
      assertEquals(List.of(acmeConversation), ConversationsEndToEndTest.ids(page), "acme's conversations only");
      assertEquals(restAnswer("acme", "/v1/conversations?from=" + started), page, "the REST API's JSON");
      CallToolResult searched = call(client, "search_conversations", Map.of("from", started.toString(), "q", "parcel"));
      assertEquals(List.of(acmeConversation), ConversationsEndToEndTest.ids(structured(searched)));
      assertEquals(structured(searched), JSON.readTree(((McpSchema.TextContent) searched.content().get(0)).text()),
          "the same JSON as text, for clients that read no structured result");

      JsonNode conversation = structured(call(client, "read_conversation", Map.of("sessionId", acmeConversation)));
      assertEquals(acmeConversation, conversation.get("sessionId").asText());
      assertEquals(restAnswer("acme", "/v1/conversations/" + acmeConversation), conversation);
      assertTrue(conversation.get("messages").toString().contains("Where is my parcel?"), conversation.toString());

      JsonNode analytics = structured(call(client, "read_analytics",
          Map.of("from", started.toString(), "to", Instant.now().plusSeconds(60).toString(), "interval", "hour")));
      assertEquals("acme", analytics.get("tenant").asText());
      assertEquals(1, analytics.get("total").get("conversations").asInt(), analytics.toString());

      JsonNode found = structured(call(client, "search_knowledge_base", Map.of("q", "gift card", "limit", 3)));
      assertEquals(List.of("Gift cards"), titles(found));

      CallToolResult foreign = call(client, "read_conversation", Map.of("sessionId", globexConversation));
      assertTrue(foreign.isError(), "another tenant's conversation is not found");
      assertTrue(text(foreign).startsWith("404 not_found"), text(foreign));
      CallToolResult bad = call(client, "read_analytics", Map.of("from", "yesterday", "to", Instant.now().toString()));
      assertTrue(bad.isError());
      assertTrue(text(bad).contains("from must be an ISO-8601 instant"), "the route's own message: " + text(bad));
      CallToolResult unknown = call(client, "search_conversations", Map.of("tenant", "globex"));
      assertTrue(unknown.isError(), "an argument the route does not take is refused: " + text(unknown));
    }
  }

  @Test
  void anotherTenantsAgentSeesOnlyItsOwn() throws Exception {
    try (McpSyncClient client = connected("Bearer " + TestIdentity.agentKey("globex"))) {
      assertEquals(List.of(globexConversation), ConversationsEndToEndTest.ids(awaitConversations(client, globexConversation)));
      assertEquals(List.of("Returns"), titles(structured(call(client, "search_knowledge_base", Map.of("q", "gift card returns")))));
      assertTrue(call(client, "read_conversation", Map.of("sessionId", acmeConversation)).isError());
    }
  }

  @Test
  void customersAnonymousCallersAndStrangersAreRefused() throws Exception {
    assertEquals(401, post(Map.of(), INITIALIZE).statusCode(), "no credential for acme");
    assertEquals(401, post(Map.of("Authorization", "Bearer not-a-key"), INITIALIZE).statusCode());
    HttpResponse<String> customer = post(Map.of("Authorization", "Bearer " + TestIdentity.customerToken("acme",
        Optional.of("ada"))), INITIALIZE);
    assertEquals(403, customer.statusCode(), customer.body());
    HttpResponse<String> anonymous = post("/v1/mcp?tenant=" + TestIdentity.DEFAULT_TENANT, Map.of(), INITIALIZE);
    assertEquals(403, anonymous.statusCode(), "an open tenant's anonymous customer: " + anonymous.body());
    assertThrows(RuntimeException.class, () -> connected("Bearer " + TestIdentity.customerToken("acme", Optional.empty()))
        .close(), "the SDK's client cannot connect as a customer");
  }

  @Test
  void aPageTheTenantDoesNotAllowIsRefusedEvenWhenItsNameLeadsToTheNode() throws Exception {
    String admin = "Bearer " + TestIdentity.adminKey("acme");
    String self = "127.0.0.1:" + node.httpPort();
    assertEquals(403, post(Map.of("Authorization", admin, "Origin", "https://evil.example"), INITIALIZE).statusCode());
    String rebound = reboundRequest("evil.example:" + node.httpPort(), admin);
    assertTrue(rebound.startsWith("HTTP/1.1 403"), "a rebound name is same-origin with its Host: " + rebound);
    assertEquals(200, post(Map.of("Authorization", admin, "Origin", "http://" + self), INITIALIZE).statusCode(),
        "the node's own page on a loopback address");
    assertEquals(200, post(Map.of("Authorization", admin), INITIALIZE).statusCode(), "no Origin: not a browser");
  }

  @Test
  void theTransportAnswersAsTheStreamableHttpTransportSays() throws Exception {
    String admin = "Bearer " + TestIdentity.adminKey("acme");
    HttpResponse<String> initialized = post(Map.of("Authorization", admin), INITIALIZE);
    assertEquals(200, initialized.statusCode(), initialized.body());
    assertEquals("2025-06-18", JSON.readTree(initialized.body()).get("result").get("protocolVersion").asText());
    assertEquals(202, post(Map.of("Authorization", admin, "MCP-Protocol-Version", "2025-06-18"),
        "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}").statusCode());
    HttpResponse<String> ping = post(Map.of("Authorization", admin, "MCP-Protocol-Version", "2025-11-25"),
        "{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"ping\"}");
    assertEquals("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}", ping.body());
    HttpResponse<String> unsupported = post(Map.of("Authorization", admin, "MCP-Protocol-Version", "2024-01-01"),
        "{\"jsonrpc\": \"2.0\", \"id\": 8, \"method\": \"ping\"}");
    assertEquals(400, unsupported.statusCode(), unsupported.body());
    assertTrue(unsupported.body().contains("2024-01-01"), unsupported.body());
    assertEquals(400, post(Map.of("Authorization", admin), "{not json").statusCode());
    HttpResponse<String> unknownMethod = post(Map.of("Authorization", admin), "{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"prompts/list\"}");
    assertEquals(-32601, JSON.readTree(unknownMethod.body()).get("error").get("code").asInt(), unknownMethod.body());
    HttpResponse<String> stream = HTTP.send(HttpRequest.newBuilder(mcp("/v1/mcp")).header("Authorization", admin)
        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(405, stream.statusCode(), "no stream of server messages: the server sends nothing unasked");
    assertEquals(406, post(Map.of("Authorization", admin, "Accept", "text/html"), INITIALIZE).statusCode());
  }

  private static McpSyncClient connected(String authorization) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder("http://127.0.0.1:" + node.httpPort())
        .endpoint("/v1/mcp")
        .httpRequestCustomizer((request, method, uri, body, context) -> request.header("Authorization", authorization))
        .build();
    McpSyncClient client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60)).build();
    client.initialize();
    return client;
  }

  private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> arguments) {
    return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
  }

  private static JsonNode structured(CallToolResult result) {
    assertFalse(Boolean.TRUE.equals(result.isError()), "an error result: " + result);
    return JSON.valueToTree(result.structuredContent());
  }

  private static String text(CallToolResult result) {
    return ((McpSchema.TextContent) result.content().get(0)).text();
  }

  /** The page of the tenant's conversations since the class started, once the read model holds {@code sessionId}. */
  private static JsonNode awaitConversations(McpSyncClient client, String sessionId) throws Exception {
    List<JsonNode> page = new ArrayList<>(List.of(JSON.nullNode()));
    await("conversation " + sessionId + " in the read model").atMost(Duration.ofSeconds(60)).until(() -> {
      page.set(0, structured(call(client, "search_conversations", Map.of("from", started.toString()))));
      return ConversationsEndToEndTest.ids(page.get(0)).contains(sessionId);
    });
    return page.get(0);
  }

  private static JsonNode restAnswer(String tenant, String path) throws Exception {
    HttpResponse<String> response = TestIdentity.call(node.httpPort(), "GET", path + (path.contains("?") ? "&" : "?")
        + "tenant=" + tenant, "Bearer " + TestIdentity.adminKey(tenant), null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static List<String> titles(JsonNode search) {
    List<String> titles = new ArrayList<>();
    search.get("results").forEach(hit -> titles.add(hit.get("title").asText()));
    return titles;
  }

  private static void addDocument(String tenant, String title, String content) throws Exception {
    HttpResponse<String> added = TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/kb/documents?tenant=" + tenant,
        JSON.createObjectNode().put("title", title).put("content", content).put("format", "text").toString());
    assertEquals(201, added.statusCode(), added.body());
  }

  /**
   * What a page of {@code host}, a name rebound to the node, gets from it: its browser sends that name as Host and its
   * own origin, which the JDK's client will not send (Host is not its caller's to set), so the request is written here.
   */
  private static String reboundRequest(String host, String authorization) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", node.httpPort())) {
      socket.setSoTimeout(60_000);
      byte[] body = INITIALIZE.getBytes(StandardCharsets.UTF_8);
      socket.getOutputStream().write(("POST /v1/mcp HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://" + host
          + "\r\nAuthorization: " + authorization + "\r\nContent-Type: application/json\r\nAccept: application/json, "
          + "text/event-stream\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().write(body);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static URI mcp(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }

  private static HttpResponse<String> post(Map<String, String> headers, String body) throws Exception {
    return post("/v1/mcp?tenant=acme", headers, body);
  }

  private static HttpResponse<String> post(String path, Map<String, String> headers, String body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(mcp(path)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream");
    headers.forEach(request::setHeader);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
