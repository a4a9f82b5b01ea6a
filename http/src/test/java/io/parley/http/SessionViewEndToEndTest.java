package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /v1/sessions/{id}} per role, on a conversation an agent signed in with an API key
 * took over, after the model answered and the lead score moved: its customer reads the
 * conversation and the agent's display name, as the chat socket shows them; the tenant's agents
 * and admins read everything the team keeps about it.
 */
class SessionViewEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** What only the support team reads. */
  private static final List<String> STAFF_FIELDS = List.of("lead", "usage", "summary", "facts", "supersededFacts",
      "archived", "transfers", "botConfigVersion", "botConfigDraft");

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo));

  @Test
  void theCustomerReadsTheConversationAndTheAgentsNameAndStaffReadWhatTheTeamKeeps() throws Exception {
    String ada = TestIdentity.customerToken("acme", Optional.of("ada"));
    String sessionId;
    try (ChatClient customer = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("ada"));
        ChatClient agent = ChatClient.openWith(node.httpPort(), "/v1/agent/ws?name=Dana", TestIdentity.agentKey("acme"))) {
      agent.expect("hello");
      sessionId = customer.startNew();
      customer.answerOf(customer.say("c-1", "Do you have a plan for teams, and what does it cost?").get("turnId").asText());
      agent.send(ChatClient.frame("take").put("sessionId", sessionId));
      agent.expect("conversation");
      assertEquals("Dana", customer.expect("handoff").get("agent").asText(), "the socket names the agent by display name");
    }

    JsonNode own = view("acme", sessionId, "Bearer " + ada);
    assertEquals("agent", own.get("handoff").get("status").asText(), own.toString());
    assertEquals("Dana", own.get("handoff").get("agent").asText());
    assertFalse(own.get("handoff").has("agentId"), own.toString());
    assertFalse(own.get("handoff").has("trigger"), own.toString());
    for (String field : STAFF_FIELDS) assertFalse(own.has(field), field + " is staff's: " + own);
    assertFalse(own.toString().contains("test-agent"), "the API key's name stays with the team: " + own);
    assertEquals("Do you have a plan for teams, and what does it cost?", own.get("messages").get(0).get("text").asText());
    assertEquals("ada", own.get("userId").asText());

    for (String staff : List.of(TestIdentity.agentKey("acme"), TestIdentity.adminKey("acme"))) {
      JsonNode full = view("acme", sessionId, "Bearer " + staff);
      assertEquals("key:test-agent", full.get("handoff").get("agentId").asText(), full.toString());
      assertEquals("Dana", full.get("handoff").get("agent").asText());
      assertEquals("agent_picked_up", full.get("handoff").get("trigger").asText());
      assertTrue(full.get("lead").get("score").asInt() > 0, full.toString());
      assertFalse(full.get("lead").get("contributions").isEmpty(), full.toString());
      assertTrue(full.get("usage").get("promptTokens").asLong() > 0, full.toString());
    }
  }

  @Test
  void anAnonymousCustomerHoldingTheIdReadsTheCustomersViewToo() throws Exception {
    String sessionId;
    try (ChatClient visitor = ChatClient.connect(node.httpPort(), "demo")) {
      sessionId = visitor.startNew();
      visitor.answerOf(visitor.say("c-1", "We need it by next week").get("turnId").asText());
    }
    JsonNode anonymous = view("demo", sessionId, null);
    for (String field : STAFF_FIELDS) assertFalse(anonymous.has(field), field + " is staff's: " + anonymous);
    assertEquals("bot", anonymous.get("handoff").get("status").asText());
    assertTrue(view("demo", sessionId, "Bearer " + TestIdentity.agentKey("demo")).has("lead"));
  }

  /** The session of {@code tenant} as {@code authorization} (null: none) reads it. */
  private static JsonNode view(String tenant, String sessionId, String authorization) throws Exception {
    HttpResponse<String> response = TestIdentity.call(node.httpPort(), "GET", "/v1/sessions/" + sessionId + "?tenant=" + tenant,
        authorization, null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
