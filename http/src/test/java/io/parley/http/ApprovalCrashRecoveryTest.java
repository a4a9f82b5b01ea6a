package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An approval and the call it approves survive real crashes (SIGKILL) of the node, restarted on the
 * same PostgreSQL database: the customer asks for a tool that needs their approval and gets the
 * approval frame; the node is killed; after the restart the reconnecting customer is asked again,
 * by the same approval, and approves; the call is under way at the company's server when the node
 * is killed again; after the second restart the session runs the call again by itself, under the
 * same idempotency key, and the customer gets the answer. The server never saw the call before the
 * approval, and saw one key only.
 */
@KillsNodes
class ApprovalCrashRecoveryTest {
  @TempDir Path dataDir;

  @Test
  void aPendingApprovalAndAnApprovedCallCutShortSurviveKillMinusNine() throws Exception {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult);
        ScriptedHttpServer orders = ScriptedHttpServer.start(
            Response.json(200, "{\"cancelled\":\"A-1042\",\"summary\":\"A-1042 cancelled\"}"))) {
      Map<String, String> env = NodeProcess.env(dataDir, TestPostgres.newDatabase(), model);
      String sessionId;
      String approvalId;
      try (NodeProcess node = NodeProcess.start(env).awaitReady()) {
        publish(node.port, orders);
        try (ChatClient customer = ChatClient.connect(node.port, "acme")) {
          sessionId = customer.startNew();
          model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
          customer.say("c-1", "Please cancel A-1042");
          approvalId = customer.expect("approval").get("approvalId").asText();
          node.kill();
        }
      }
      assertEquals(0, orders.requestCount(), "nothing ran before the approval");

      approvedThenCutShort(env, sessionId, approvalId, orders);

      try (NodeProcess node = NodeProcess.start(env).awaitReady(); ChatClient customer = ChatClient.connect(node.port, "acme")) {
        customer.resume(sessionId, 0);
        assertTrue(customer.answerOf("turn-1").get("text").asText().contains("A-1042 cancelled"));
        List<ScriptedHttpServer.Request> calls = orders.requests();
        assertEquals(2, calls.size(), "the attempt the kill cut short, and the run after the restart");
        String key = calls.get(0).header("Idempotency-Key").orElseThrow();
        assertEquals(key, calls.get(1).header("Idempotency-Key").orElseThrow(), "one key for the server to de-duplicate on");
        assertTrue(key.startsWith(sessionId) && key.endsWith("/call-1"), key);
      }
    }
  }

  /**
   * A node started on {@code env}: the customer resuming {@code sessionId} is asked the same approval
   * again, still pending and nothing called, and approves; the approved call's first attempt at
   * {@code server} never answers, and the node is killed while it is under way.
   */
  static void approvedThenCutShort(Map<String, String> env, String sessionId, String approvalId, ScriptedHttpServer server)
      throws Exception {
    server.enqueue(Response.hang());
    try (NodeProcess node = NodeProcess.start(env).awaitReady(); ChatClient customer = ChatClient.connect(node.port, "acme")) {
      customer.resume(sessionId, 0);
      JsonNode asked = customer.expect("approval");
      assertEquals(approvalId, asked.get("approvalId").asText(), "the same approval, asked again after the restart");
      assertEquals("pending", asked.get("status").asText());
      assertEquals(0, server.requestCount(), "the recovered session still waits for the approval");
      customer.send(ToolApprovalEndToEndTest.approve(approvalId, true));
      await("the approved call under way").atMost(Duration.ofSeconds(30)).until(() -> server.requestCount() == 1);
      node.kill();
    }
  }

  private static void publish(int port, ScriptedHttpServer orders) throws Exception {
    String config = "{\"httpTools\": [{\"name\": \"cancel_order\", \"description\": \"Cancel one of the customer's"
        + " orders\", \"url\": \"" + orders.url("/cancel") + "\", \"approval\": \"customer\", \"timeoutMs\": 60000,"
        + " \"parameters\": {\"type\": \"object\", \"properties\": {\"order\": {\"type\": \"string\"}}, \"required\": [\"order\"]}}]}";
    HttpResponse<String> saved = TestIdentity.asAdmin(port, "PUT", "/v1/config?tenant=acme", "{\"config\": " + config + "}");
    assertEquals(200, saved.statusCode(), saved.body());
  }
}
