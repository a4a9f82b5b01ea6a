package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A procedure's step waiting for the customer's approval survives real crashes (SIGKILL) of the
 * node, restarted on the same PostgreSQL database: the refund procedure asks the customer to approve
 * the refund and the node is killed; after the restart the reconnecting customer is asked the same
 * approval, and approves; the refund is under way when the node is killed again; after the second
 * restart the run calls it again by itself, under the step's key, and tells the customer it is done.
 * The refund server never saw a call before the approval, and saw one key only.
 */
@KillsNodes
class ProcedureApprovalCrashRecoveryTest {
  @TempDir Path dataDir;

  @Test
  void aStepWaitingForItsApprovalAndTheApprovedRefundCutShortSurviveKillMinusNine() throws Exception {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start();
        ScriptedHttpServer orders = ScriptedHttpServer.start(Response.json(200, RefundProcedure.DELIVERED));
        ScriptedHttpServer refunds = ScriptedHttpServer.start(Response.json(200, RefundProcedure.REFUNDED))) {
      Map<String, String> env = NodeProcess.env(dataDir, TestPostgres.newDatabase(), model);
      String sessionId;
      String approvalId;
      String confirmed;
      try (NodeProcess node = NodeProcess.start(env).awaitReady()) {
        RefundProcedure.publish(node.port, RefundProcedure.config(orders, refunds, "customer", ""));
        try (ChatClient customer = ChatClient.connect(node.port, "acme")) {
          sessionId = customer.startNew();
          model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{\"order\":\"A-1042\"}")));
          customer.answerTo("c-1", "Money back for A-1042 please");
          confirmed = customer.say("c-2", "Yes").get("turnId").asText();
          approvalId = customer.expect("approval").get("approvalId").asText();
          node.kill();
        }
      }
      assertEquals(0, refunds.requestCount(), "nothing was refunded before the approval");

      ApprovalCrashRecoveryTest.approvedThenCutShort(env, sessionId, approvalId, refunds);

      try (NodeProcess node = NodeProcess.start(env).awaitReady(); ChatClient customer = ChatClient.connect(node.port, "acme")) {
        customer.resume(sessionId, 0);
        assertEquals("Done: €30.50 are on their way back to you.", customer.answerOf(confirmed).get("text").asText());
      }
      assertEquals(2, refunds.requestCount(), "the call the kill cut short, and the run after the restart");
      Set<String> keys = refunds.requests().stream().map(call -> call.header("Idempotency-Key").orElseThrow())
          .collect(Collectors.toSet());
      assertEquals(1, keys.size(), "one key for the server to de-duplicate on: " + keys);
      String key = keys.iterator().next();
      assertTrue(key.startsWith(sessionId + "/procedure-") && key.endsWith("/refund.steps[4]"), key);
    }
  }
}
