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
import io.parley.persistence.DatabaseSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A procedure's tool step whose tool needs the customer's approval, on a real node with a fake
 * model and the company's refund server counting its calls: the run asks for the approval as a
 * model's call does (the same {@code approval} frame, the same summary) and waits; approved, the
 * refund is called exactly once under the step's idempotency key and the run goes on; refused or
 * expired, it is never called, and the run hands the conversation over, saying why.
 */
class ProcedureApprovalEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIRM = "Shall I refund 30.5 EUR for A-1042? Yes or no?";

  @TempDir Path dataDir;
  private ScriptedHttpServer orders;
  private ScriptedHttpServer refunds;
  private FakeChatCompletionsServer model;
  private ParleyNode node;

  @BeforeEach
  void start() throws Exception {
    orders = ScriptedHttpServer.start(Response.json(200, RefundProcedure.DELIVERED));
    refunds = ScriptedHttpServer.start(Response.json(200, RefundProcedure.REFUNDED));
    model = FakeChatCompletionsServer.start();
    node = ParleyNode.start(TestNode.config(DatabaseSettings.h2(dataDir), Optional.of(model.baseUrl()), Map.of()));
  }

  @AfterEach
  void stop() {
    node.close();
    model.close();
    refunds.close();
    orders.close();
  }

  @Test
  void anApprovedRefundIsCalledOnceUnderTheStepsKey() throws Exception {
    RefundProcedure.publish(node.httpPort(), RefundProcedure.config(orders, refunds, "customer", ""));
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startNew();
      String confirmed = confirmedRefund(customer);
      JsonNode asked = customer.expect("approval");
      assertEquals("pending", asked.get("status").asText());
      assertEquals("refund_order", asked.get("tool").asText());
      assertEquals("Pays an order's money back (order: A-1042, amount: 30.5)", asked.get("summary").asText());
      assertEquals(30.5, asked.at("/arguments/amount").asDouble(), "the arguments the step fills, approved as they run");
      assertEquals(0, refunds.requestCount(), "nothing is refunded before the approval");

      customer.send(ToolApprovalEndToEndTest.approve(asked.get("approvalId").asText(), true));
      assertEquals("approved", customer.expect("approval").get("status").asText());
      assertEquals("Done: 30.5 EUR are on their way back to you.", customer.answerOf(confirmed).get("text").asText());
      assertEquals(1, refunds.requestCount(), "called exactly once, once approved");
      String key = refunds.requests().getFirst().header("Idempotency-Key").orElseThrow();
      assertTrue(key.startsWith(sessionId + "/procedure-") && key.endsWith("/refund.steps[4]"), key);
      customer.send(ToolApprovalEndToEndTest.approve(asked.get("approvalId").asText(), true));
      assertEquals("not_found", customer.expect("error").get("code").asText(), "decided already");

      JsonNode run = run(sessionId);
      assertEquals("completed", run.get("outcome").asText());
      JsonNode call = view(sessionId).get("toolCalls").get(0);
      assertEquals("refund_order", call.get("tool").asText(), "the approval is kept with the conversation's calls");
      assertEquals("approved", call.at("/approval/decision").asText(), call.toString());
      assertEquals("succeeded", call.get("outcome").asText(), call.toString());
    }
    assertEquals(1, refunds.requestCount());
  }

  @Test
  void aRefusedRefundIsNeverCalledAndTheConversationIsHandedOver() throws Exception {
    RefundProcedure.publish(node.httpPort(), RefundProcedure.config(orders, refunds, "customer", ""));
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startNew();
      confirmedRefund(customer);
      String approvalId = customer.expect("approval").get("approvalId").asText();
      customer.send(ToolApprovalEndToEndTest.approve(approvalId, false).put("reason", "I changed my mind"));
      JsonNode refused = customer.expect("approval");
      assertEquals("refused", refused.get("status").asText());
      assertEquals("waiting_for_agent", customer.expect("handoff").get("status").asText());
      assertEquals("handed_over: refund_order was not approved: the customer refused it (I changed my mind)",
          run(sessionId).get("outcome").asText());
      assertEquals(0, refunds.requestCount(), "a refused refund is never called");
      JsonNode call = view(sessionId).get("toolCalls").get(0);
      assertEquals("refused", call.get("outcome").asText(), call.toString());
      assertEquals("I changed my mind", call.at("/approval/reason").asText(), call.toString());
    }
  }

  @Test
  void aRefundNobodyApprovesInTimeIsNeverCalledAndTheConversationIsHandedOver() throws Exception {
    RefundProcedure.publish(node.httpPort(), RefundProcedure.config(orders, refunds, "customer", ", \"approvalTimeout\": 2"));
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startNew();
      confirmedRefund(customer);
      String approvalId = customer.expect("approval").get("approvalId").asText();
      JsonNode expired = customer.expect("approval");
      assertEquals(approvalId, expired.get("approvalId").asText());
      assertEquals("expired", expired.get("status").asText());
      assertEquals("waiting_for_agent", customer.expect("handoff").get("status").asText());
      assertEquals("handed_over: refund_order was not approved: nobody approved it in time (the customer was asked)",
          run(sessionId).get("outcome").asText());
      customer.send(ToolApprovalEndToEndTest.approve(approvalId, true));
      assertEquals("not_found", customer.expect("error").get("code").asText(), "an expired approval");
      assertEquals(0, refunds.requestCount());
    }
  }

  /** The customer asks for the refund and confirms it; the turn id of the confirmation. */
  private String confirmedRefund(ChatClient customer) {
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{\"order\":\"A-1042\"}")));
    assertEquals(CONFIRM, customer.answerTo("c-1", "Money back for A-1042 please"));
    return customer.say("c-2", "Yes").get("turnId").asText();
  }

  private JsonNode run(String sessionId) throws Exception {
    return view(sessionId).get("procedures").get(0);
  }

  private JsonNode view(String sessionId) throws Exception {
    return JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + sessionId + "?tenant=acme", null)
        .body());
  }
}
