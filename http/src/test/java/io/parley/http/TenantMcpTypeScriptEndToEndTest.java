package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant's MCP server that speaks 2026-07-28 only: the MCP TypeScript SDK v2's ({@code @modelcontextprotocol/server},
 * pinned by http/src/test/mcp-typescript's package-lock.json, server.mjs there) on loopback, which refuses a 2025
 * client. The draft naming it is saved (the server listed), the model's calls are answered from its results, each
 * call made in that revision, and its refund's {@code input_required} confirmation answered from the call's
 * arguments ({@code confirm: true}); a call that does not carry it is the customer's to confirm, as
 * {@link TenantMcpStatelessEndToEndTest} shows.
 */
class TenantMcpTypeScriptEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult));

  @RegisterExtension
  static final TypeScriptMcpServer server = new TypeScriptMcpServer();

  @Test
  void aServerOfOnly2026IsSpokenToInItsRevisionAndItsConfirmationAnswered() throws Exception {
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config/draft?tenant=acme",
        "{\"config\": {\"mcpServers\": [{\"name\": \"shop\", \"url\": \"http://127.0.0.1:" + server.port() + "/mcp\"}]}}");
    assertEquals(200, saved.statusCode(), saved.body());
    HttpResponse<String> created = TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/sessions?tenant=acme",
        "{\"draft\": true}");
    assertTrue(created.statusCode() < 300, created.statusCode() + " " + created.body());
    String session = JSON.readTree(created.body()).get("sessionId").asText();

    String status = say(session, new ToolCall("call-1", "shop_order_status", "{\"order\": \"B-1\"}"));
    assertTrue(status.contains("Order B-1 is out for delivery"), status);
    String refunded = say(session, new ToolCall("call-2", "shop_refund", "{\"order\": \"B-2\", \"confirm\": true}"));
    assertTrue(refunded.contains("Order B-2 refunded"), refunded);

    List<JsonNode> calls = server.logged("call");
    assertFalse(calls.isEmpty(), "the server saw the calls");
    for (JsonNode call : calls) {
      assertTrue(call.get("envelope").toString().contains("\"2026-07-28\""), "the call's revision: " + call);
      assertTrue(call.at("/meta/io.parley~1idempotency-key").asText().startsWith(session + "/"), call.toString());
    }
  }

  private static String say(String session, ToolCall call) throws Exception {
    node.model().enqueue(Reply.toolCalls(call));
    return TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/sessions/" + session + "/messages?tenant=acme",
        "{\"clientMsgId\": \"" + call.id() + "\", \"text\": \"Please\"}").body();
  }
}
