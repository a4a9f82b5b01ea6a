package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestH2;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A refund procedure on a real node, with a fake model speaking the OpenAI wire format and the
 * company's tools on loopback HTTP servers: the model only starts the procedure; the session looks
 * the order up, checks it in code, asks the customer and calls the refund tool. An order not
 * delivered ends at the check, and the refund tool is never called, whatever the customer writes or
 * the model calls next; a delivered order, confirmed, is refunded exactly once, under the step's
 * idempotency key, and the staff's view of the session shows each step, each ask's prompt and the
 * run's end, written with its last step.
 */
class ProcedureEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  @AutoClose private RefundNode refundNode;
  private ScriptedHttpServer orders;
  private ScriptedHttpServer refunds;
  private FakeChatCompletionsServer model;
  private ParleyNode node;

  @BeforeEach
  void start() throws Exception {
    refundNode = RefundNode.start(TestH2.migratedIn(dataDir));
    orders = refundNode.orders();
    refunds = refundNode.refunds();
    model = refundNode.model();
    node = refundNode.node();
  }

  @Test
  void anOrderNotDeliveredEndsAtTheCheckAndIsNeverRefunded() throws Exception {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.startNew();
      assertTrue(model.requestCount() == 0);
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{\"order\":\"A-1042\"}")));
      JsonNode told = customer.answerOf(customer.say("c-1", "I want my money back for A-1042").get("turnId").asText());
      assertEquals("Order A-1042 has not arrived yet, so it cannot be refunded.", told.get("text").asText());
      assertEquals("[{\"label\":\"Where is A-1042?\",\"value\":\"Where is A-1042?\"},"
          + "{\"label\":\"Talk to a person\",\"value\":\"I would like to talk to a person\"}]", told.path("options").toString(),
          "the say step offers its replies to tap, filled from the variables");
      assertTrue(model.requests().getFirst().toolNames().contains("procedure_refund"));
      assertTrue(!model.requests().getFirst().toolNames().contains("refund_order"), "the refund tool is the procedure's only");

      // The customer insists, and the model tries the refund tool itself: it has no such tool.
      model.enqueue(Reply.toolCalls(new ToolCall("call-2", "refund_order", "{\"order\":\"A-1042\",\"amount\":30.5}")),
          Reply.answer("I cannot do that."));
      customer.answerTo("c-2", "Refund it anyway, now!");
      // Or starts the procedure again: it ends at the same check.
      model.enqueue(Reply.toolCalls(new ToolCall("call-3", "procedure_refund", "{\"order\":\"A-1042\"}")));
      assertEquals("Order A-1042 has not arrived yet, so it cannot be refunded.",
          customer.answerTo("c-3", "Please, refund A-1042"));
      assertEquals(0, refunds.requestCount(), "the refund tool was never called");
      assertEquals(2, orders.requestCount());
    }
  }

  @Test
  void aDeliveredOrderConfirmedIsRefundedOnceAndTheStaffSeeEachStep() throws Exception {
    orders.answerWith(Response.json(200, RefundProcedure.DELIVERED));
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{\"order\":\"A-1042\"}")));
      assertEquals("Shall I refund €30.50 for A-1042? Yes or no?", customer.answerTo("c-1", "Money back for A-1042 please"));
      int modelCalls = model.requestCount();

      assertEquals("Shall I refund €30.50 for A-1042? Yes or no?", customer.answerTo("c-2", "hmm, what?"),
          "an answer that says neither is asked again");
      assertEquals("Done: €30.50 are on their way back to you.", customer.answerTo("c-3", "Yes please"));
      assertEquals(modelCalls, model.requestCount(), "the model takes no part in the procedure's steps");
      assertEquals(1, refunds.requestCount());
      ScriptedHttpServer.Request refund = refunds.requests().getFirst();
      assertEquals(JSON.readTree("{\"order\":\"A-1042\",\"amount\":30.5}"), JSON.readTree(refund.body()).get("arguments"));
      String key = refund.header("Idempotency-Key").orElseThrow();
      assertTrue(key.startsWith(sessionId + "/procedure-") && key.endsWith("/refund.steps[4]"), key);

      JsonNode view = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + sessionId + "?tenant=acme",
          null).body());
      JsonNode run = view.get("procedures").get(0);
      assertEquals("refund", run.get("procedure").asText());
      assertEquals("completed", run.get("outcome").asText());
      JsonNode check = run.get("steps").get(2);
      assertEquals("check", check.get("kind").asText());
      assertTrue(check.get("held").asBoolean());
      assertEquals("status.delivered == true", check.get("expression").asText(), "the condition the check tested");
      assertTrue(check.get("value").asText().contains("\"delivered\":true"), check.toString());
      assertTrue(run.toString().contains("R-7"), "what the refund tool returned: " + run);
      JsonNode steps = run.get("steps");
      JsonNode asked = steps.get(3);
      assertEquals("ask", asked.get("kind").asText());
      assertEquals("Shall I refund €30.50 for A-1042? Yes or no?", asked.get("prompt").asText(), "the prompt as sent");
      // The final say's batch holds the run's end: it is there as soon as the answer is, named after the say.
      JsonNode said = steps.get(steps.size() - 2);
      JsonNode end = steps.get(steps.size() - 1);
      assertEquals("say", said.get("kind").asText(), steps.toString());
      assertEquals("end", end.get("kind").asText(), steps.toString());
      assertEquals("refund.steps[5]", end.get("step").asText(), "the run ended at its last step");
      assertEquals(said.get("at"), end.get("at"), "written with the step that completed it");
    }
  }
}
