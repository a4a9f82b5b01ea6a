package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestH2;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a company's admin reads and tries of its own tools, over the REST API of a real node: trying
 * an MCP server (built with the MCP Java SDK, behind a bearer token) and an HTTP tool before they are
 * saved, the server's tools with their schemas, a secret the draft keeps used without being sent
 * again, an unreachable server and wrong credentials a 502, and a tool's calls, failures and breaker
 * state. Another tenant neither sees the tools nor borrows the secret; an agent may do neither;
 * an address outside the allowed networks is refused before anything is sent.
 */
class TenantToolsAdminEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "mcp-token-admin-41c7";

  @TempDir Path dataDir;
  @AutoClose private JavaMcpServer orders;
  @AutoClose private ScriptedHttpServer refunds;
  @AutoClose private FakeChatCompletionsServer model;
  @AutoClose private ParleyNode node;

  @BeforeEach
  void start() throws Exception {
    orders = JavaMcpServer.withToken(TOKEN);
    refunds = ScriptedHttpServer.start(Response.json(405, "{\"message\":\"POST only\"}"));
    model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult);
    node = start(Map.of());
  }

  @Test
  void anAdminTriesAServerSavesItAndReadsItsToolsCallsAndBreaker() throws Exception {
    HttpResponse<String> tried = admin("acme", "POST", "/v1/tools/test", "{\"mcpServer\": " + server(TOKEN) + "}");
    assertEquals(200, tried.statusCode(), tried.body());
    JsonNode listed = JSON.readTree(tried.body());
    assertEquals(List.of(), problemsOf(listed.get("problems")));
    JsonNode orderStatus = tool(listed, "order_status");
    assertEquals("orders_order_status", orderStatus.get("offeredAs").asText());
    assertEquals("string", orderStatus.at("/inputSchema/properties/order/type").asText(), orderStatus.toString());
    assertTrue(orderStatus.get("allowed").asBoolean());
    assertEquals("none", orderStatus.get("approval").asText());
    assertFalse(tried.body().contains(TOKEN));

    HttpResponse<String> wrong = admin("acme", "POST", "/v1/tools/test", "{\"mcpServer\": " + server("wrong") + "}");
    assertEquals(502, wrong.statusCode(), wrong.body());
    assertTrue(message(wrong).startsWith("could not list the tools of " + orders.url() + ": ") && message(wrong).contains("401"),
        wrong.body());
    HttpResponse<String> dead = admin("acme", "POST", "/v1/tools/test",
        "{\"mcpServer\": {\"name\": \"dead\", \"url\": \"http://127.0.0.1:9/mcp\"}}");
    assertEquals(502, dead.statusCode(), dead.body());
    HttpResponse<String> unknownTool = admin("acme", "POST", "/v1/tools/test", "{\"mcpServer\": {\"name\": \"orders\","
        + " \"url\": \"" + orders.url() + "\", \"auth\": {\"type\": \"bearer\", \"token\": \"" + TOKEN + "\"},"
        + " \"tools\": [{\"name\": \"gift_cards\"}]}}");
    assertEquals(200, unknownTool.statusCode(), "reached, and told what a save would refuse");
    assertTrue(problemsOf(JSON.readTree(unknownTool.body()).get("problems")).get(0)
        .startsWith("mcpServer.tools[0].name: the server lists no tool named gift_cards"), unknownTool.body());
    HttpResponse<String> malformed = admin("acme", "POST", "/v1/tools/test", "{\"mcpServer\": {\"name\": \"or_ders\"}}");
    assertEquals(400, malformed.statusCode(), malformed.body());
    assertEquals(List.of("mcpServer.name: must be 1 to 24 of A-Z, a-z, 0-9 and -, got or_ders", "mcpServer.url: required"),
        problems(malformed));

    // Saved with an approval for one tool; tried again without the token, the draft's is used.
    assertEquals(200, admin("acme", "PUT", "/v1/config/draft", "{\"config\": {\"mcpServers\": [{\"name\": \"orders\","
        + " \"url\": \"" + orders.url() + "\", \"auth\": {\"type\": \"bearer\", \"token\": \"" + TOKEN + "\"},"
        + " \"tools\": [{\"name\": \"order_status\"}, {\"name\": \"broken\", \"approval\": \"agent\"}]}]}}").statusCode());
    HttpResponse<String> kept = admin("acme", "POST", "/v1/tools/test", "{\"mcpServer\": {\"name\": \"orders\", \"url\": \""
        + orders.url() + "\", \"auth\": {\"type\": \"bearer\", \"token\": {\"set\": true}}, \"tools\": [{\"name\": \"order_status\"},"
        + " {\"name\": \"broken\", \"approval\": \"agent\"}]}}");
    assertEquals(200, kept.statusCode(), kept.body());
    assertEquals("agent", tool(JSON.readTree(kept.body()), "broken").get("approval").asText());
    assertFalse(tool(JSON.readTree(kept.body()), "slow").get("allowed").asBoolean(), "not in the allow-list");

    // Another tenant's admin naming the same server gets no secret of acme's: the server refuses it.
    HttpResponse<String> borrowed = admin("globex", "POST", "/v1/tools/test", "{\"mcpServer\": {\"name\": \"orders\", \"url\": \""
        + orders.url() + "\"}}");
    assertEquals(502, borrowed.statusCode(), borrowed.body());

    // An HTTP tool: its address asked for its headers, never called.
    HttpResponse<String> http = admin("acme", "POST", "/v1/tools/test", "{\"httpTool\": {\"name\": \"refund_status\","
        + " \"description\": \"Whether a refund was paid\", \"url\": \"" + refunds.url("/refunds") + "\","
        + " \"parameters\": {\"type\": \"object\", \"properties\": {\"refund\": {\"type\": \"string\"}}}, \"secret\": \"s3\"}}");
    assertEquals(200, http.statusCode(), http.body());
    assertEquals(405, JSON.readTree(http.body()).get("status").asInt());
    assertEquals("refund_status", tool(JSON.readTree(http.body()), "refund_status").get("offeredAs").asText());
    assertEquals(List.of("HEAD"), refunds.requests().stream().map(ScriptedHttpServer.Request::method).toList());

    // A test session calls two of the server's tools; the status counts them for acme only.
    String session = JSON.readTree(admin("acme", "POST", "/v1/sessions", "{\"draft\": true}").body()).get("sessionId").asText();
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "orders_order_status", "{\"order\":\"A1\"}")));
    assertEquals(200, admin("acme", "POST", "/v1/sessions/" + session + "/messages",
        "{\"clientMsgId\": \"t-1\", \"text\": \"Where is A1?\"}").statusCode());
    JsonNode status = JSON.readTree(admin("acme", "GET", "/v1/tools/status", null).body());
    JsonNode counted = entry(status, "orders_order_status");
    assertEquals(1, counted.get("calls").asInt(), status.toString());
    assertEquals(0, counted.get("failures").asInt());
    assertEquals("closed", counted.get("breaker").asText());
    assertEquals("orders", counted.get("server").asText());
    assertEquals(List.of("draft"), problemsOf(counted.get("in")));
    assertEquals("agent", entry(status, "orders_broken").get("approval").asText());
    assertFalse(entry(status, "orders_broken").get("nodeWide").asBoolean());
    assertTrue(status.has("since"));

    JsonNode theirs = JSON.readTree(admin("globex", "GET", "/v1/tools/status", null).body());
    assertFalse(theirs.toString().contains("orders_"), theirs.toString());
  }

  @Test
  void onlyTheTenantsAdminMayTryOrReadTheTools() throws Exception {
    String body = "{\"mcpServer\": " + server(TOKEN) + "}";
    String agent = "Bearer " + TestIdentity.agentKey("acme");
    assertEquals(403, TestIdentity.call(node.httpPort(), "POST", "/v1/tools/test?tenant=acme", agent, body).statusCode());
    assertEquals(403, TestIdentity.call(node.httpPort(), "GET", "/v1/tools/status?tenant=acme", agent, null).statusCode());
    String acmeAdmin = "Bearer " + TestIdentity.adminKey("acme");
    assertEquals(403, TestIdentity.call(node.httpPort(), "GET", "/v1/tools/status?tenant=globex", acmeAdmin, null).statusCode());
    assertEquals(403, TestIdentity.call(node.httpPort(), "POST", "/v1/tools/test?tenant=globex", acmeAdmin, body).statusCode());
    assertEquals(401, TestIdentity.call(node.httpPort(), "GET", "/v1/tools/status?tenant=acme", null, null).statusCode());
    assertEquals(0, orders.calls());
  }

  @Test
  void anAddressOutsideTheAllowedNetworksIsRefusedBeforeAnythingIsSent() throws Exception {
    node.close();
    node = start(Map.of("parley.outbound.allowed-networks", ""));
    HttpResponse<String> loopback = admin("acme", "POST", "/v1/tools/test", "{\"mcpServer\": " + server(TOKEN) + "}");
    assertEquals(400, loopback.statusCode(), loopback.body());
    assertEquals(List.of("mcpServer.url: 127.0.0.1 is loopback (127.0.0.0/8); the operator allows networks with"
        + " PARLEY_OUTBOUND_ALLOWED_NETWORKS"), problems(loopback));
    HttpResponse<String> metadata = admin("acme", "POST", "/v1/tools/test", "{\"httpTool\": {\"name\": \"metadata\","
        + " \"description\": \"d\", \"url\": \"http://169.254.169.254/latest\", \"parameters\": {\"type\": \"object\"}}}");
    assertEquals(400, metadata.statusCode(), metadata.body());
    assertEquals(List.of("httpTool.url: 169.254.169.254 is link-local (169.254.0.0/16); the operator allows networks with"
        + " PARLEY_OUTBOUND_ALLOWED_NETWORKS"), problems(metadata));
    assertEquals(0, orders.calls());
    assertTrue(orders.authorizations().isEmpty(), "nothing reached the server");
  }

  private ParleyNode start(Map<String, Object> settings) {
    return ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), settings));
  }

  private String server(String token) {
    return "{\"name\": \"orders\", \"url\": \"" + orders.url() + "\", \"auth\": {\"type\": \"bearer\", \"token\": \"" + token + "\"}}";
  }

  private static JsonNode tool(JsonNode trial, String name) {
    for (JsonNode tool : trial.get("tools")) {
      if (tool.get("name").asText().equals(name)) return tool;
    }
    throw new AssertionError("no tool " + name + " in " + trial);
  }

  private static JsonNode entry(JsonNode status, String name) {
    for (JsonNode tool : status.get("tools")) {
      if (tool.get("name").asText().equals(name)) return tool;
    }
    throw new AssertionError("no tool " + name + " in " + status);
  }

  private static List<String> problemsOf(JsonNode list) {
    List<String> texts = new ArrayList<>();
    list.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private static List<String> problems(HttpResponse<String> refused) throws Exception {
    return problemsOf(JSON.readTree(refused.body()).get("error").get("problems"));
  }

  private static String message(HttpResponse<String> refused) throws Exception {
    return JSON.readTree(refused.body()).get("error").get("message").asText();
  }

  private HttpResponse<String> admin(String tenant, String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + "?tenant=" + tenant, body);
  }
}
