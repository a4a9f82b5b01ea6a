package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestPostgres;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The agent queue's assignment over real sockets on PostgreSQL: customers hear their place and
 * expected wait as the queue moves; an agent's cap counts the conversations taken from all its
 * consoles; an agent with room and auto-assignment on gets the oldest waiting conversation pushed;
 * a request nobody takes within the wait limit goes to a ticket with the conversation.
 */
class AgentAssignmentEndToEndTest {
  @AutoClose private FakeChatCompletionsServer model;
  @AutoClose private ParleyNode node;

  private void start(Map<String, Object> settings) {
    model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo);
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), settings));
  }

  @Test
  void theCapCountsEveryConsoleOfTheAgentAndAFreedAgentGetsTheOldestWaitingPushed() {
    start(Map.of("parley.handoff.max-conversations-per-agent", 2, "parley.handoff.wait-limit", "5m"));
    List<ChatClient> customers = new ArrayList<>();
    try (ChatClient firstTab = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient secondTab = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana")) {
      firstTab.expect("hello");
      secondTab.next(f -> f.get("type").asText().equals("queue") && f.get("agentsOnline").asInt() == 2);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ChatClient customer = ChatClient.connect(node.httpPort(), "acme");
        customers.add(customer);
        ids.add(customer.startNew());
        customer.say("c-1", "I need a person");
        JsonNode place = customer.expect("queue");
        assertEquals(i + 1, place.get("position").asInt(), place.toString());
        assertTrue(place.get("expectedWaitMinutes").asInt() >= 1, place.toString());
        String told = customer.next(f -> ChatClient.isMessage(f, "system"))
            .get("text").asText();
        assertTrue(told.contains(i == 0 ? "next in line (about " : "number " + (i + 1) + " in line (about "), told);
      }

      firstTab.send(ChatClient.frame("take").put("sessionId", ids.get(0)));
      assertEquals(ids.get(0), firstTab.expect("conversation").get("sessionId").asText());
      secondTab.send(ChatClient.frame("take").put("sessionId", ids.get(1)));
      assertEquals(ids.get(1), secondTab.expect("conversation").get("sessionId").asText());
      secondTab.send(ChatClient.frame("take").put("sessionId", ids.get(2)));
      JsonNode refused = secondTab.expect("error");
      assertEquals("conflict", refused.get("code").asText(), refused.toString());
      assertTrue(refused.get("message").asText().contains("you hold 2 conversations")
          && refused.get("message").asText().contains("in all your consoles"), refused.toString());
      firstTab.send(ChatClient.frame("takeNext"));
      assertEquals("conflict", firstTab.expect("error").get("code").asText(), "nor from the first console");

      // The queue moved: the last customer is now second, and the estimate reads the quick pick-ups.
      JsonNode moved = customers.get(3).next(f -> f.get("type").asText().equals("queue") && f.get("position").asInt() == 2);
      assertEquals(1, moved.get("expectedWaitMinutes").asInt(), moved.toString());

      firstTab.send(ChatClient.frame("autoAssign").put("enabled", true));
      firstTab.send(ChatClient.frame("handBack").put("sessionId", ids.get(0)));
      assertEquals(ids.get(2), firstTab.expect("assigned").get("sessionId").asText(), "the oldest waiting one");
      assertEquals(ids.get(2), firstTab.next(f -> f.get("type").asText().equals("conversation")
          && f.get("sessionId").asText().equals(ids.get(2))).get("sessionId").asText());
      JsonNode joined = customers.get(2).next(f -> f.get("type").asText().equals("handoff")
          && f.get("status").asText().equals("agent"));
      assertEquals("Dana", joined.get("agent").asText());
      assertEquals(1, customers.get(3).next(f -> f.get("type").asText().equals("queue")
          && f.get("position").asInt() == 1).get("position").asInt(), "and the last one is next");
    } finally {
      customers.forEach(ChatClient::close);
    }
    String metrics = OpsClient.withToken(node.httpPort()).get("/metrics").body();
    assertTrue(metrics.contains("parley_handoff_wait_seconds_count 3\n"), metrics);
    assertTrue(metrics.contains("parley_agent_handling_seconds_count 1\n"), metrics);
  }

  @Test
  void aRequestNobodyTakesInTimeGoesToATicketWithTheConversation() throws Exception {
    start(Map.of("parley.handoff.wait-limit", "2s"));
    try (ChatClient agent = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      agent.expect("hello");
      String sessionId = customer.startNew();
      customer.say("c-1", "Can I talk to a human please?");
      assertEquals(3, customer.expect("queue").get("expectedWaitMinutes").asInt(), "no history yet: the default");
      String told = customer.next(f -> ChatClient.isMessage(f, "system")
          && f.get("text").asText().startsWith("I'm sorry")).get("text").asText();
      assertTrue(told.contains("could take this in time") && told.contains("ticket T-1001"), told);
      assertEquals("bot", customer.next(f -> f.get("type").asText().equals("handoff")
          && f.get("status").asText().equals("bot")).get("status").asText());
      JsonNode tickets = EscalationEndToEndTest.json(node.httpPort(), "/v1/tickets?tenant=acme").get("tickets");
      assertEquals(1, tickets.size(), tickets.toString());
      assertEquals(sessionId, tickets.get(0).get("sessionId").asText());
      assertTrue(tickets.get(0).get("description").asText().contains("Customer: Can I talk to a human please?"),
          tickets.toString());
    }
    String metrics = OpsClient.withToken(node.httpPort()).get("/metrics").body();
    assertTrue(metrics.contains("parley_handoffs_unstaffed_total{reason=\"no_agent_in_time\"} 1.0"), metrics);
  }
}
