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
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A company's tool that changes something runs only once the customer approved it, on a real node
 * with a fake model and the company's server recording each call: the customer gets an
 * {@code approval} frame and nothing runs until the {@code approve} frame; a refusal or an expiry
 * never runs it, and the model is told why; an approval the session does not wait for is an error;
 * every attempt of an approved call carries the same idempotency key; and while a call waits, the
 * customer is told in words what waits for an agent, and what they write meanwhile is answered.
 */
class ToolApprovalEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dataDir;
  private ScriptedHttpServer orders;
  private FakeChatCompletionsServer model;
  private ParleyNode node;

  @BeforeEach
  void start() throws Exception {
    orders = ScriptedHttpServer.start(Response.json(200, "{\"cancelled\":\"A-1042\",\"summary\":\"A-1042 cancelled\"}"));
    model = FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult);
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), Map.of()));
  }

  @AfterEach
  void stop() throws Exception {
    node.close();
    model.close();
    orders.close();
  }

  @Test
  void theCallRunsOnceTheCustomerApprovesAndNeverWhenRefused() throws Exception {
    publish("acme", "");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme");
        ChatClient stranger = ChatClient.connect(node.httpPort(), "acme")) {
      customer.startNew();
      stranger.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\",\"reason\":\"too late\"}")));
      customer.say("c-1", "Please cancel A-1042");
      JsonNode asked = customer.expect("approval");
      assertEquals("pending", asked.get("status").asText());
      assertEquals("cancel_order", asked.get("tool").asText());
      assertEquals("Cancel one of the customer's orders (order: A-1042, reason: too late)", asked.get("summary").asText());
      assertEquals("A-1042", asked.at("/arguments/order").asText());
      String approvalId = asked.get("approvalId").asText();
      assertEquals(0, orders.requestCount(), "nothing runs before the approval");

      stranger.send(approve(approvalId, true));
      assertEquals("not_found", stranger.expect("error").get("code").asText(), "another session's approval");
      customer.send(approve("ap-unknown", true));
      JsonNode unknown = customer.expect("error");
      assertEquals("not_found", unknown.get("code").asText());
      assertEquals("approve", unknown.get("refused").asText());
      assertEquals(0, orders.requestCount());

      customer.send(approve(approvalId, true));
      assertEquals("approved", customer.expect("approval").get("status").asText());
      assertTrue(customer.answerOf("turn-1").get("text").asText().contains("A-1042 cancelled"));
      assertEquals(1, orders.requestCount(), "run once, after the approval");
      customer.send(approve(approvalId, true));
      assertEquals("not_found", customer.expect("error").get("code").asText(), "decided already");

      model.enqueue(Reply.toolCalls(new ToolCall("call-2", "cancel_order", "{\"order\":\"B-7\"}")));
      customer.say("c-2", "And cancel B-7");
      String second = customer.expect("approval").get("approvalId").asText();
      customer.send(approve(second, false).put("reason", "I changed my mind"));
      JsonNode refused = customer.expect("approval");
      assertEquals("refused", refused.get("status").asText());
      assertEquals("I changed my mind", refused.get("reason").asText());
      String told = customer.answerOf("turn-3").get("text").asText();
      assertTrue(told.contains("the customer declined it, so it was not run; the reason given: I changed my mind"), told);
      assertEquals(1, orders.requestCount(), "a refused call never runs");
    }
  }

  @Test
  void anApprovalNobodyGivesExpiresAndTheModelIsToldSo() throws Exception {
    publish("initech", ", \"approvalTimeout\": 2");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "initech")) {
      customer.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
      customer.say("c-1", "Cancel A-1042");
      String approvalId = customer.expect("approval").get("approvalId").asText();
      JsonNode expired = customer.expect("approval");
      assertEquals(approvalId, expired.get("approvalId").asText());
      assertEquals("expired", expired.get("status").asText());
      String told = customer.answerOf("turn-1").get("text").asText();
      assertTrue(told.contains("nobody approved it in time"), told);
      customer.send(approve(approvalId, true));
      assertEquals("not_found", customer.expect("error").get("code").asText(), "an expired approval");
      assertEquals(0, orders.requestCount());
    }
  }

  @Test
  void everyAttemptOfAnApprovedCallCarriesTheSameIdempotencyKey() throws Exception {
    publish("acme", "");
    orders.enqueue(Response.json(503, "{\"message\":\"try again\"}"));
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
      customer.say("c-1", "Cancel A-1042");
      customer.send(approve(customer.expect("approval").get("approvalId").asText(), true));
      String answer = customer.answerOf("turn-1").get("text").asText();
      assertTrue(answer.contains("A-1042 cancelled"), answer + " after " + orders.requests().size() + " calls");
      List<ScriptedHttpServer.Request> calls = orders.requests();
      assertEquals(2, calls.size(), "the failed attempt and its retry");
      String key = calls.get(0).header("Idempotency-Key").orElseThrow();
      assertEquals(key, calls.get(1).header("Idempotency-Key").orElseThrow());
      assertTrue(key.startsWith(sessionId) && key.endsWith("/call-1"), key);
    }
  }

  @Test
  void anAgentOfTheTenantApprovesWhatWaitsForAnAgentAndNobodyElseMay() throws Exception {
    publish("acme", "", "agent");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme");
        ChatClient dana = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient outsider = ChatClient.agent(node.httpPort(), "globex", "agent-eve", "Eve")) {
      dana.expect("hello");
      outsider.expect("hello");
      String sessionId = customer.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
      customer.say("c-1", "Cancel A-1042");

      dana.send(ChatClient.frame("open").put("sessionId", sessionId));
      JsonNode asked = dana.expect("approval");
      assertEquals("agent", asked.get("approver").asText());
      assertEquals("pending", asked.get("status").asText());
      String approvalId = asked.get("approvalId").asText();

      customer.send(approve(approvalId, true));
      assertEquals("forbidden", customer.expect("error").get("code").asText(), "the customer may not give an agent's approval");
      outsider.send(approve(approvalId, true).put("sessionId", sessionId));
      assertEquals("not_found", outsider.expect("error").get("code").asText(), "nor may another tenant's agent");
      assertEquals(0, orders.requestCount());

      dana.send(approve(approvalId, false).put("sessionId", sessionId).put("reason", "the order has shipped"));
      String told = customer.answerOf("turn-1").get("text").asText();
      assertTrue(told.contains("the support team declined it, so it was not run; the reason given: the order has shipped"), told);
      assertTrue(customer.drain(java.time.Duration.ofMillis(300)).stream().noneMatch(f -> f.get("type").asText().equals("approval")),
          "the customer is not shown an agent's approval");

      model.enqueue(Reply.toolCalls(new ToolCall("call-2", "cancel_order", "{\"order\":\"B-7\"}")));
      customer.say("c-2", "Cancel B-7 then");
      String second = dana.next(f -> f.get("type").asText().equals("approval") && f.get("status").asText().equals("pending"))
          .get("approvalId").asText();
      dana.send(approve(second, true).put("sessionId", sessionId));
      String answer = customer.answerOf("turn-3").get("text").asText();
      assertTrue(answer.contains("A-1042 cancelled"), answer);
      assertEquals(1, orders.requestCount());
    }
  }

  @Test
  void approvalsWaitingForAnAgentAreListedInEveryConsoleOfTheTenantUntilDecided() throws Exception {
    publish("acme", "", "agent");
    try (ChatClient dana = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient sam = ChatClient.agent(node.httpPort(), "acme", "agent-sam", "Sam");
        ChatClient eve = ChatClient.agent(node.httpPort(), "globex", "agent-eve", "Eve");
        ChatClient first = ChatClient.connect(node.httpPort(), "acme");
        ChatClient second = ChatClient.connect(node.httpPort(), "acme");
        ChatClient third = ChatClient.connect(node.httpPort(), "acme")) {
      for (ChatClient agent : List.of(dana, sam, eve)) assertEquals(0, listed(agent, 0).size(), "nothing waits yet");
      String firstId = first.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
      first.say("c-1", "Cancel A-1042");

      // Neither agent opened the conversation: both see the approval in their list.
      JsonNode listed = listed(dana, 1).get(0);
      assertEquals(firstId, listed.get("sessionId").asText());
      assertEquals("cancel_order", listed.get("tool").asText());
      assertEquals("Cancel one of the customer's orders (order: A-1042)", listed.get("summary").asText());
      assertTrue(listed.get("waitingMs").asLong() >= 0 && listed.hasNonNull("since") && listed.hasNonNull("expiresAt"));
      String approvalId = listed.get("approvalId").asText();
      assertEquals(approvalId, listed(sam, 1).get(0).get("approvalId").asText());

      sam.send(approve(approvalId, true).put("sessionId", firstId));
      assertEquals("approved", sam.expect("approval").get("status").asText());
      assertTrue(first.answerOf("turn-1").get("text").asText().contains("A-1042 cancelled"));
      assertEquals(1, orders.requestCount(), "run once, approved by an agent who never opened it");
      assertEquals(0, listed(dana, 0).size(), "a decided approval leaves every list");

      String secondId = second.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-2", "cancel_order", "{\"order\":\"B-7\"}")));
      second.say("c-1", "Cancel B-7");
      String refusedId = listed(dana, 1).get(0).get("approvalId").asText();
      dana.send(ChatClient.frame("open").put("sessionId", secondId));
      assertEquals(refusedId, dana.next(f -> f.get("type").asText().equals("approval")
          && f.get("status").asText().equals("pending")).get("approvalId").asText());
      dana.send(approve(refusedId, false).put("sessionId", secondId).put("reason", "the order has shipped"));
      assertTrue(second.answerOf("turn-1").get("text").asText().contains("the reason given: the order has shipped"));
      assertEquals(0, listed(sam, 0).size());

      third.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-3", "cancel_order", "{\"order\":\"C-9\"}")));
      third.say("c-1", "Cancel C-9");
      assertEquals(1, listed(dana, 1).size());
      third.send(ChatClient.frame("close"));
      third.expect("closed");
      assertEquals(0, listed(dana, 0).size(), "the approvals of a closed conversation leave the list");
      assertEquals(1, orders.requestCount());
      assertTrue(eve.drain(java.time.Duration.ofMillis(300)).stream()
          .noneMatch(f -> f.get("type").asText().equals("approvals") && !f.get("approvals").isEmpty()),
          "another tenant's agent never sees them");
    }
  }

  @Test
  void theCustomerIsToldInWordsWhatWaitsForAnAgentAndIsAnsweredMeanwhile() throws Exception {
    publish("acme", "", "agent");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme");
        ChatClient dana = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana")) {
      dana.expect("hello");
      String sessionId = customer.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
      String parked = customer.say("c-1", "Cancel A-1042").get("turnId").asText();
      JsonNode waiting = customer.expect("agentApproval");
      assertEquals("pending", waiting.get("status").asText());
      assertEquals("Cancel one of the customer's orders (order: A-1042)", waiting.get("summary").asText());
      String approvalId = waiting.get("approvalId").asText();

      String later = customer.say("c-2", "Where is my parcel B-7?").get("turnId").asText();
      assertEquals("You said: Where is my parcel B-7?", customer.answerOf(later).get("text").asText(),
          "a message written while an approval waits is answered");
      assertTrue(model.lastRequest().messages().stream().anyMatch(m -> m.role().equals("system")
              && m.content().contains("waits for a team member's approval")
              && m.content().contains("Cancel one of the customer's orders (order: A-1042)")),
          "the model answering it knows what waits");
      assertEquals(0, orders.requestCount());

      dana.send(approve(approvalId, true).put("sessionId", sessionId));
      assertEquals("approved", customer.expect("agentApproval").get("status").asText());
      assertTrue(customer.answerOf(parked).get("text").asText().contains("A-1042 cancelled"),
          "the parked turn goes on once approved");
      assertEquals(1, orders.requestCount());
    }
  }

  @Test
  void aCustomerWhoWritesInsteadOfConfirmingIsAnsweredAndTheCardStillCounts() throws Exception {
    publish("acme", "");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.startNew();
      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "cancel_order", "{\"order\":\"A-1042\"}")));
      String parked = customer.say("c-1", "Cancel A-1042").get("turnId").asText();
      String approvalId = customer.expect("approval").get("approvalId").asText();
      assertEquals("You said: yes please", customer.answerTo("c-2", "yes please"));
      assertTrue(model.lastRequest().messages().stream().anyMatch(m -> m.role().equals("system")
          && m.content().contains("waits for the customer's approval")));

      customer.send(approve(approvalId, true));
      assertEquals("approved", customer.expect("approval").get("status").asText());
      assertTrue(customer.answerOf(parked).get("text").asText().contains("A-1042 cancelled"));
      assertEquals(1, orders.requestCount());
    }
  }

  /** The next list of approvals waiting for an agent that holds {@code size} of them. */
  private static JsonNode listed(ChatClient agent, int size) {
    return agent.next(f -> f.get("type").asText().equals("approvals") && f.get("approvals").size() == size).get("approvals");
  }

  static com.fasterxml.jackson.databind.node.ObjectNode approve(String approvalId, boolean approved) {
    return ChatClient.frame("approve").put("approvalId", approvalId).put("approved", approved);
  }

  /** The tenant's cancel_order tool, which the customer approves; {@code more}, further settings. */
  private void publish(String tenant, String more) throws Exception {
    publish(tenant, more, "customer");
  }

  private void publish(String tenant, String more, String approver) throws Exception {
    String config = "{\"httpTools\": [{\"name\": \"cancel_order\", \"description\": \"Cancel one of the customer's"
        + " orders. Only when they ask.\", \"url\": \"" + orders.url("/cancel") + "\", \"approval\": \"" + approver + "\","
        + " \"parameters\": {\"type\": \"object\", \"properties\": {\"order\": {\"type\": \"string\"},"
        + " \"reason\": {\"type\": \"string\"}}, \"required\": [\"order\"]}}]" + more + "}";
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
        "{\"config\": " + config + "}");
    assertEquals(200, saved.statusCode(), saved.body());
  }
}
