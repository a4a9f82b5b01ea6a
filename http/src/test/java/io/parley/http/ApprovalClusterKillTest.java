package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A customer's approval and the call it approves survive SIGKILL of the node holding the session
 * in a three-node cluster on one PostgreSQL journal. The order system is a real HTTP server on
 * loopback that cancels once per {@code Idempotency-Key}. The customer asks for a tool that needs
 * their approval; the node holding the session is killed while the approval is pending; the
 * session recovers on another node, which asks the reconnecting customer the same approval; the
 * customer approves; the node now holding the session is killed while the order system is still
 * answering the approved call; the session recovers once more and runs the call again under the
 * same key. The order system saw nothing before the approval and cancelled the order once.
 */
@KillsNodes
class ApprovalClusterKillTest {
  private static final Duration SETTLE = Duration.ofSeconds(60);
  private static final List<Integer> ALL = List.of(0, 1, 2);

  @Test
  void aPendingApprovalMovesWithItsSessionAndTheApprovedCallCancelsOnceAcrossTwoKills() throws Exception {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult);
        IdempotentOrderDesk orders = IdempotentOrderDesk.start();
        TestCluster cluster = TestCluster.start(3, TestPostgres.newDatabase(), model.baseUrl(), Map.of())) {
      cluster.awaitMembers(0, ALL, SETTLE);
      publish(cluster.httpPort(0), orders);

      String sessionId;
      String approvalId;
      try (ChatClient customer = ChatClient.connect(cluster.httpPort(0), "acme")) {
        sessionId = customer.startNew();
        model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
        customer.say("c-1", "Please cancel A-1042");
        JsonNode asked = customer.expect("approval");
        approvalId = asked.get("approvalId").asText();
        assertEquals("cancel_order", asked.get("tool").asText(), asked.toString());
      }
      int firstHolder = cluster.holderOf("acme", sessionId, SETTLE);
      cluster.kill(firstHolder);
      assertEquals(List.of(), orders.keysOfRequests(), "nothing was sent before the approval");

      // The approved call's first request cancels and then never answers: the holder dies meanwhile.
      orders.stallNextFirstCall();
      try (ChatClient customer = cluster.resumeOn("acme", sessionId, 0, SETTLE, others(firstHolder))) {
        JsonNode asked = customer.expect("approval");
        assertEquals(approvalId, asked.get("approvalId").asText(), "the same approval, on the node the session moved to");
        assertEquals("pending", asked.get("status").asText(), asked.toString());
        assertEquals(List.of(), orders.keysOfRequests(), "nothing was sent while the approval moved");
        customer.send(ToolApprovalEndToEndTest.approve(approvalId, true));
        await("the approved call at the order system").atMost(SETTLE).until(() -> orders.cancellations() == 1);
      }
      int secondHolder = cluster.holderOf("acme", sessionId, SETTLE);
      assertNotEquals(firstHolder, secondHolder, "the session moved off the killed node");
      // A majority must outlive the second kill: the first victim comes back before it.
      cluster.restart(firstHolder);
      cluster.awaitMembers(secondHolder, ALL, SETTLE);
      cluster.kill(secondHolder);

      try (ChatClient customer = cluster.resumeOn("acme", sessionId, 0, SETTLE, others(secondHolder))) {
        String answer = customer.answerOf("turn-1").get("text").asText();
        assertTrue(answer.contains("A-1042 cancelled"), answer);
      }
      List<String> keys = orders.keysOfRequests();
      assertEquals(2, keys.size(), "the request the kill cut short, and the run after it: " + keys);
      assertEquals(keys.get(0), keys.get(1), "one key for the order system to de-duplicate on");
      assertTrue(keys.get(0).startsWith(sessionId) && keys.get(0).endsWith("/call-1"), keys.get(0));
      assertEquals(1, orders.cancellations(), "the order was cancelled once");
    }
  }

  private static List<Integer> others(int node) {
    return IntStream.range(0, 3).filter(other -> other != node).boxed().toList();
  }

  private static void publish(int port, IdempotentOrderDesk orders) throws Exception {
    String config = "{\"httpTools\": [{\"name\": \"cancel_order\", \"description\": \"Cancel one of the customer's"
        + " orders\", \"url\": \"" + orders.url() + "\", \"approval\": \"customer\", \"timeoutMs\": 60000,"
        + " \"parameters\": {\"type\": \"object\", \"properties\": {\"order\": {\"type\": \"string\"}}, \"required\": [\"order\"]}}]}";
    HttpResponse<String> saved = TestIdentity.asAdmin(port, "PUT", "/v1/config?tenant=acme", "{\"config\": " + config + "}");
    assertEquals(200, saved.statusCode(), saved.body());
  }
}
