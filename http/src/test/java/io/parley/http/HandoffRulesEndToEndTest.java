package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestPostgres;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A person brought in without being asked, over real sockets on PostgreSQL: by the tenant's rules
 * (a conversation turning sour, the same question a third time, a tool failing for good) and by the
 * escalation workflow, each seen in the agent's queue with its trigger; without the rules, none.
 */
class HandoffRulesEndToEndTest {
  private static ScriptedHttpServer orders;
  private static FakeChatCompletionsServer model;
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    orders = ScriptedHttpServer.start(Response.json(503, "{\"error\":\"down\"}"));
    model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo);
    String remoteTools = "[{\"name\":\"order_status\",\"description\":\"Where a customer's order is\","
        + "\"url\":\"" + orders.url("/order-status") + "\",\"timeoutMs\":2000,\"maxAttempts\":2,\"idempotent\":true,"
        + "\"secret\":\"s3cret\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},\"required\":[\"order\"]}}]";
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), Map.of(
        "parley.tools.remote", remoteTools,
        "parley.session.retry.initial-delay", "50ms",
        "parley.session.retry.max-delay", "200ms")));
    assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"handoffRules\": {\"negativeSentiment\": true, \"sameQuestionFailures\": 2, \"toolFailure\": true}}}")
        .statusCode());
  }

  @AfterAll
  static void stop() {
    node.close();
    model.close();
    orders.close();
  }

  @Test
  void aSourConversationTheSameQuestionAgainAFailingToolAndAnEscalationEachBringAPerson() {
    try (ChatClient agent = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana")) {
      agent.expect("hello");
      String sour = conversation(List.of("My lamp arrived broken.", "This is useless and I'm frustrated."));
      assertEquals("negative_sentiment", waiting(agent, sour).get("trigger").asText());

      String repeated = conversation(List.of("How do I reset my password?", "how do I reset my password",
          "How can I reset my password??"));
      assertEquals("repeated_question", waiting(agent, repeated).get("trigger").asText());

      model.enqueue(Reply.toolCalls(new ToolCall("call-1", "order_status", "{\"order\":\"A1\"}")));
      String failing = conversation(List.of("Where is order A1?"));
      assertEquals("tool_failed", waiting(agent, failing).get("trigger").asText());

      model.enqueue(Reply.toolCalls(new ToolCall("call-2", "escalate",
          "{\"reason\":\"Charged twice for order 77\",\"priority\":\"high\"}")), Reply.answer("I've escalated it."));
      String escalated = conversation(List.of("I was charged twice for order 77."));
      assertEquals("escalation", waiting(agent, escalated).get("trigger").asText());
    }
    try (ChatClient agent = ChatClient.agent(node.httpPort(), "globex", "agent-lee", "Lee");
        ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      agent.expect("hello");
      customer.startNew();
      customer.say("g-1", "This is useless, awful and I'm frustrated.");
      customer.answerOf("turn-1");
      assertTrue(agent.drain(java.time.Duration.ofMillis(500)).stream()
          .noneMatch(f -> f.get("type").asText().equals("queue") && f.get("waiting").size() > 0),
          "a tenant without rules is not handed over");
    }
  }

  /** A customer of acme who says {@code messages}, the bot answering each until a person is asked for. */
  private static String conversation(List<String> messages) {
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = customer.startNew();
      for (int i = 0; i < messages.size(); i++) {
        assertEquals("ack", customer.say("m-" + i, messages.get(i)).get("type").asText());
        if (i < messages.size() - 1) customer.answerOf("turn-" + (2 * i + 1));
      }
      return sessionId;
    }
  }

  private static JsonNode waiting(ChatClient agent, String sessionId) {
    JsonNode queue = agent.next(f -> f.get("type").asText().equals("queue")
        && f.get("waiting").findValues("sessionId").stream().anyMatch(id -> id.asText().equals(sessionId)));
    for (JsonNode waiting : queue.get("waiting")) {
      if (waiting.get("sessionId").asText().equals(sessionId)) return waiting;
    }
    throw new AssertionError(queue.toString());
  }
}
