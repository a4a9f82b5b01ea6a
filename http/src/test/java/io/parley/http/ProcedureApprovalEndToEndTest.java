package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
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
 * A procedure's tool step whose tool needs the customer's approval, on a real node with a fake
 * model and the company's refund server counting its calls: the run asks for the approval as a
 * model's call does (the same {@code approval} frame, the same summary) and waits; approved, the
 * refund is called exactly once under the step's idempotency key and the run goes on; refused or
 * expired, it is never called, and the run hands the conversation over, saying why.
 */
class ProcedureApprovalEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONFIRM = "Shall I refund €30.50 for A-1042? Yes or no?";

  @TempDir Path dataDir;
  @AutoClose private RefundNode refundNode;
  private ScriptedHttpServer refunds;
  private int port;

  @BeforeEach
  void start() throws Exception {
    refundNode = RefundNode.start(TestH2.migratedIn(dataDir));
    refundNode.orders().answerWith(Response.json(200, RefundProcedure.DELIVERED));
    refunds = refundNode.refunds();
    port = refundNode.node().httpPort();
  }

  @Test
  void anApprovedRefundIsCalledOnceUnderTheStepsKey() throws Exception {
    RefundProcedure.publish(port, RefundProcedure.config(refundNode.orders(), refunds, "customer", ""));
    try (ChatClient customer = ChatClient.connect(port, "acme")) {
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
      assertEquals("Done: €30.50 are on their way back to you.", customer.answerOf(confirmed).get("text").asText());
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
    RefundProcedure.publish(port, RefundProcedure.config(refundNode.orders(), refunds, "customer", ""));
    try (ChatClient customer = ChatClient.connect(port, "acme")) {
      String sessionId = customer.startNew();
      confirmedRefund(customer);
      String approvalId = customer.expect("approval").get("approvalId").asText();
      customer.send(ToolApprovalEndToEndTest.approve(approvalId, false).put("reason", "I changed my mind"));
      handedOver(customer, sessionId, approvalId, "refused", "the customer refused it (I changed my mind)");
      JsonNode call = view(sessionId).get("toolCalls").get(0);
      assertEquals("refused", call.get("outcome").asText(), call.toString());
      assertEquals("I changed my mind", call.at("/approval/reason").asText(), call.toString());
    }
  }

  @Test
  void aRefundNobodyApprovesInTimeIsNeverCalledAndTheConversationIsHandedOver() throws Exception {
    RefundProcedure.publish(port,
        RefundProcedure.config(refundNode.orders(), refunds, "customer", ", \"approvalTimeout\": 2"));
    try (ChatClient customer = ChatClient.connect(port, "acme")) {
      String sessionId = customer.startNew();
      confirmedRefund(customer);
      String approvalId = customer.expect("approval").get("approvalId").asText();
      handedOver(customer, sessionId, approvalId, "expired", "nobody approved it in time (the customer was asked)");
      customer.send(ToolApprovalEndToEndTest.approve(approvalId, true));
      assertEquals("not_found", customer.expect("error").get("code").asText(), "an expired approval");
      assertEquals(0, refunds.requestCount());
    }
  }

  @Test
  void anAgentOfTheTenantApprovesTheRefundTheCustomerMayNot() throws Exception {
    RefundProcedure.publish(port, RefundProcedure.config(refundNode.orders(), refunds, "agent", ""));
    try (ChatClient customer = ChatClient.connect(port, "acme");
        ChatClient dana = ChatClient.agent(port, "acme", "agent-dana", "Dana")) {
      dana.expect("hello");
      String sessionId = customer.startNew();
      String confirmed = confirmedRefund(customer);
      JsonNode waiting = customer.expect("agentApproval");
      assertEquals("Pays an order's money back (order: A-1042, amount: 30.5)", waiting.get("summary").asText(),
          "the customer is told in words what waits for a team member");
      JsonNode listed = dana.next(f -> f.get("type").asText().equals("approvals") && f.get("approvals").size() == 1)
          .get("approvals").get(0);
      assertEquals(sessionId, listed.get("sessionId").asText(), "listed in the console of every agent of the tenant");
      assertEquals("refund_order", listed.get("tool").asText());
      String approvalId = listed.get("approvalId").asText();

      customer.send(ToolApprovalEndToEndTest.approve(approvalId, true));
      assertEquals("forbidden", customer.expect("error").get("code").asText(), "the customer may not give an agent's approval");
      assertEquals(0, refunds.requestCount());
      dana.send(ToolApprovalEndToEndTest.approve(approvalId, true).put("sessionId", sessionId));
      assertEquals("Done: €30.50 are on their way back to you.", customer.answerOf(confirmed).get("text").asText());
      assertEquals(1, refunds.requestCount());
      assertEquals("agent-dana", view(sessionId).get("toolCalls").get(0).at("/approval/decidedBy").asText(),
          "who approved the refund is kept");
    }
  }

  /**
   * The approval {@code approvalId} ended as {@code status}: the conversation is handed over, the run
   * ends saying {@code why}, and the refund was never called.
   */
  private void handedOver(ChatClient customer, String sessionId, String approvalId, String status, String why)
      throws Exception {
    JsonNode decided = customer.expect("approval");
    assertEquals(approvalId, decided.get("approvalId").asText());
    assertEquals(status, decided.get("status").asText());
    assertEquals("waiting_for_agent", customer.expect("handoff").get("status").asText());
    assertEquals("handed_over: refund_order was not approved: " + why, run(sessionId).get("outcome").asText());
    assertEquals(0, refunds.requestCount(), "the refund is never called");
  }

  /** The customer asks for the refund and confirms it; the turn id of the confirmation. */
  private String confirmedRefund(ChatClient customer) {
    refundNode.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{\"order\":\"A-1042\"}")));
    assertEquals(CONFIRM, customer.answerTo("c-1", "Money back for A-1042 please"));
    return customer.say("c-2", "Yes").get("turnId").asText();
  }

  private JsonNode run(String sessionId) throws Exception {
    return view(sessionId).get("procedures").get(0);
  }

  private JsonNode view(String sessionId) throws Exception {
    return JSON.readTree(TestIdentity.asAdmin(port, "GET", "/v1/sessions/" + sessionId + "?tenant=acme", null)
        .body());
  }
}
