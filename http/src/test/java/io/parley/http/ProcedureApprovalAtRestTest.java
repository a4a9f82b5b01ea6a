package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestH2;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A session whose procedure waits for an approval does not go to sleep, even when no message of
 * the customer's is left unanswered (the run told the customer what waits): the approval's expiry
 * is a timer of the incarnation, and the approval expires on time, handing the conversation over,
 * on a node whose sessions sleep after 300 ms without anything to do.
 */
class ProcedureApprovalAtRestTest {
  @TempDir Path dataDir;

  @Test
  void aRunWaitingForItsApprovalStaysAwakeAndTheApprovalExpiresOnTime() throws Exception {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start();
        ScriptedHttpServer refunds = ScriptedHttpServer.start(Response.json(200, RefundProcedure.REFUNDED));
        ParleyNode node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()),
            Map.of("parley.session.passivate-after-idle", "300ms")))) {
      RefundProcedure.publish(node.httpPort(), """
          {"httpTools": [{"name": "refund_order", "description": "Pays an order's money back", "procedureOnly": true,
             "url": "%s", "approval": "customer",
             "parameters": {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]}}],
           "approvalTimeout": 3,
           "procedures": [{"name": "refund", "description": "The customer wants their money back for an order",
            "inputs": {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]},
            "steps": [{"say": "{{inputs.order}} is refunded once you approve."},
                      {"tool": "refund_order", "arguments": {"order": "{{inputs.order}}"}, "as": "refund"}]}]}
          """.formatted(refunds.url("/refunds")));
      try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
        customer.startNew();
        model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{\"order\":\"A-1042\"}")));
        assertEquals("A-1042 is refunded once you approve.", customer.answerTo("c-1", "Money back for A-1042 please"));
        assertEquals("pending", customer.expect("approval").get("status").asText());
        assertEquals("expired", customer.expect("approval").get("status").asText(), "expired on time, the session awake");
        assertEquals("waiting_for_agent", customer.expect("handoff").get("status").asText());
      }
      assertEquals(0, refunds.requestCount());
    }
  }
}
