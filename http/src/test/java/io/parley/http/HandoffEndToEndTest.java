package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A person takes a conversation over, end to end over real sockets on PostgreSQL: the customer
 * asks for a human, waits in the tenant's queue, an agent's console sees it, takes it and writes;
 * the model stays silent until the agent hands back, then answers with the agent's words in its
 * context. With no agent online the customer is told so and the conversation goes to a ticket,
 * which answers the request (the bot does not). Customers, API
 * keys and other tenants' agents cannot act through the agent socket.
 */
class HandoffEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /**
   * One node and model for the class: each test is a tenant of its own (its queue, agents online,
   * tickets and labelled counters), and reads the model's requests and the unlabelled counters
   * from where the earlier tests left them.
   */
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo),
      Map.of("parley.management.ops-token", OpsClient.TOKEN, "parley.handoff.max-conversations-per-agent", 1));

  @Test
  void anAgentTakesOverRepliesAndHandsBackWhileTheModelStaysSilent() throws Exception {
    String before = metrics();
    try (ChatClient agent = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      assertEquals("Dana", agent.expect("hello").get("agent").asText());
      assertEquals(1, agent.next(f -> isQueue(f) && f.get("agentsOnline").asInt() == 1).get("agentsOnline").asInt());
      String sessionId = customer.startNew();
      customer.say("c-1", "Where is my order 1042?");
      customer.answerOf("turn-1");
      int modelCalls = node.model().requestCount();

      customer.say("c-2", "Can I talk to a human please?");
      assertEquals("waiting_for_agent", customer.expect("handoff").get("status").asText());
      assertTrue(customer.next(ChatClient::isNotice).get("text").asText().contains("next in line"));
      JsonNode waiting = agent.next(f -> isQueue(f) && f.get("waiting").size() == 1).get("waiting").get(0);
      assertEquals(sessionId, waiting.get("sessionId").asText());
      assertEquals("customer_asked", waiting.get("trigger").asText());
      assertEquals("Can I talk to a human please?", waiting.get("lastMessage").asText());

      agent.send(ChatClient.frame("take").put("sessionId", sessionId));
      JsonNode conversation = agent.expect("conversation");
      assertEquals("agent", conversation.get("session").get("handoff").get("status").asText());
      assertTrue(conversation.get("briefing").asText().contains("1042"), "the briefing: " + conversation);
      JsonNode joined = customer.expect("handoff");
      assertEquals("agent", joined.get("status").asText());
      assertEquals("Dana", joined.get("agent").asText());
      assertTrue(customer.next(ChatClient::isNotice).get("text").asText().startsWith("Dana from our support team"));
      agent.next(f -> isQueue(f) && f.get("waiting").isEmpty());

      agent.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-1")
          .put("text", "Hi, I'm Dana. I've refunded order 1042."));
      assertEquals(sessionId, agent.expect("ack").get("sessionId").asText());
      JsonNode written = customer.next(f -> ChatClient.isMessage(f, "agent"));
      assertEquals("Dana", written.get("author").asText());
      assertEquals("Hi, I'm Dana. I've refunded order 1042.", written.get("text").asText());

      customer.send(ChatClient.frame("composing"));
      assertEquals("user", agent.expect("composing").get("role").asText(), "the agent sees the customer writing");
      agent.send(ChatClient.frame("composing").put("sessionId", sessionId));
      assertEquals("Dana", customer.expect("composing").get("author").asText(), "the customer sees Dana writing");

      customer.say("c-3", "Thanks! When will I see the money?");
      assertEquals("Thanks! When will I see the money?",
          agent.next(f -> f.get("type").asText().equals("message") && f.get("message").get("role").asText().equals("user"))
              .get("message").get("text").asText());
      List<JsonNode> meanwhile = customer.drain(Duration.ofMillis(700));
      assertTrue(meanwhile.stream().noneMatch(f -> ChatClient.isMessage(f, "assistant")), "the model stayed silent: " + meanwhile);
      assertEquals(modelCalls, node.model().requestCount(), "no model call while a person asked for or held the conversation");

      agent.send(ChatClient.frame("suggest").put("sessionId", sessionId));
      JsonNode suggestion = agent.expect("suggestion");
      assertTrue(suggestion.get("text").asText().startsWith("You said: The conversation so far:"), suggestion.toString());
      String asked = node.model().lastRequest().body().get("messages").toString();
      assertTrue(asked.contains("You help Dana, a person of") && asked.contains("Agent Dana: Hi, I'm Dana."), asked);
      assertTrue(customer.drain(Duration.ofMillis(300)).stream().noneMatch(f -> f.get("type").asText().equals("message")),
          "the suggestion is the agent's alone");

      agent.send(ChatClient.frame("handBack").put("sessionId", sessionId));
      assertEquals("bot", customer.expect("handoff").get("status").asText());
      assertTrue(customer.next(ChatClient::isNotice).get("text").asText().contains("handed the conversation back"));
      JsonNode ack = customer.say("c-4", "And order 1043?");
      assertEquals("You said: And order 1043?", customer.answerOf(ack.get("turnId").asText()).get("text").asText());
      String prompt = node.model().lastRequest().body().get("messages").toString();
      assertTrue(prompt.contains("Dana of the support team wrote:) Hi, I'm Dana. I've refunded order 1042."), prompt);
      assertFalse(prompt.contains("When will I see the money?\"},{\"role\":\"assistant\",\"content\":\"You said"),
          "the question the agent held was never answered by the model: " + prompt);
    }
    String metrics = metrics();
    assertTrue(metrics.contains("parley_handoffs_total{tenant=\"acme\",trigger=\"customer_asked\"} 1.0"), metrics);
    assertEquals(1, increase(before, metrics, "parley_handoff_wait_seconds_count"), metrics);
    assertEquals(1, increase(before, metrics, "parley_agent_handling_seconds_count"), metrics);
  }

  @Test
  void takeNextServesTheLongestWaitingFirstUpToTheAgentsLimit() {
    try (ChatClient agent = ChatClient.agent(node.httpPort(), "globex", "agent-dana", "Dana");
        ChatClient first = ChatClient.connect(node.httpPort(), "globex");
        ChatClient second = ChatClient.connect(node.httpPort(), "globex")) {
      agent.expect("hello");
      String firstId = first.startNew();
      first.say("c-1", "agent please");
      agent.next(f -> f.get("type").asText().equals("queue") && f.get("waiting").size() == 1);
      String secondId = second.startNew();
      second.say("c-1", "I need a person");
      agent.next(f -> f.get("type").asText().equals("queue") && f.get("waiting").size() == 2);

      agent.send(ChatClient.frame("takeNext"));
      assertEquals(firstId, agent.expect("conversation").get("sessionId").asText(), "first come, first served");
      agent.send(ChatClient.frame("takeNext"));
      JsonNode refused = agent.expect("error");
      assertEquals("conflict", refused.get("code").asText(), "one conversation at a time here: " + refused);

      agent.send(ChatClient.frame("handBack").put("sessionId", firstId));
      agent.next(f -> f.get("type").asText().equals("handoff") && f.get("status").asText().equals("bot"));
      agent.send(ChatClient.frame("takeNext"));
      assertEquals(secondId, agent.expect("conversation").get("sessionId").asText());
      agent.send(ChatClient.frame("takeNext"));
      assertEquals("conflict", agent.expect("error").get("code").asText());
    }
  }

  @Test
  void anAgentFollowingAConversationSeesTheBotsToolCalls() {
    node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "fetch_status", "{\"ticket_id\":\"T-4242\"}")),
        Reply.answer("I could not find ticket T-4242."));
    try (ChatClient agent = ChatClient.agent(node.httpPort(), TestIdentity.DEFAULT_TENANT, "agent-dana", "Dana");
        ChatClient customer = ChatClient.connect(node.httpPort(), TestIdentity.DEFAULT_TENANT)) {
      agent.expect("hello");
      String sessionId = customer.startNew();
      agent.send(ChatClient.frame("open").put("sessionId", sessionId));
      agent.expect("conversation");
      customer.say("c-1", "What is the status of ticket T-4242?");
      JsonNode started = agent.expect("tool");
      assertEquals("fetch_status", started.get("name").asText());
      assertEquals("started", started.get("status").asText());
      String outcome = agent.expect("tool").get("status").asText();
      assertTrue(outcome.equals("succeeded") || outcome.equals("failed"), outcome);
      assertEquals("I could not find ticket T-4242.", agent.next(f -> f.get("type").asText().equals("message")
          && f.get("message").get("role").asText().equals("assistant")).get("message").get("text").asText());
    }
  }

  @Test
  void withNoAgentOnlineTheCustomerIsToldAndTheConversationGoesToOneTicket() throws Exception {
    String before = metrics();
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "umbrella")) {
      String sessionId = customer.startNew();
      customer.say("c-0", "My kettle arrived broken");
      customer.answerOf("turn-1");
      customer.say("c-1", "I want to speak to a person");
      String told = customer.next(ChatClient::isNotice).get("text").asText();
      assertTrue(told.startsWith("No one from our support team is online"), told);
      assertTrue(told.contains("ticket T-1001") && told.contains("within 1 business day"), told);
      assertEquals("bot", customer.next(f -> f.get("type").asText().equals("handoff")
          && f.get("status").asText().equals("bot")).get("status").asText());
      List<JsonNode> after = customer.drain(Duration.ofMillis(700));
      assertTrue(after.stream().noneMatch(f -> ChatClient.isMessage(f, "assistant")), "the notice answered the request: " + after);

      JsonNode tickets = EscalationEndToEndTest.json(node.httpPort(), "/v1/tickets?tenant=umbrella").get("tickets");
      assertEquals(1, tickets.size(), tickets.toString());
      assertEquals(sessionId, tickets.get(0).get("sessionId").asText());
      String conversation = tickets.get(0).get("description").asText();
      assertTrue(conversation.contains("Customer: My kettle arrived broken\nAssistant: You said: My kettle arrived broken"
          + "\nCustomer: I want to speak to a person"), conversation);
      String metrics = metrics();
      assertEquals(1, increase(before, metrics, "parley_handoff_tickets_total"), metrics);
      assertEquals(1, increase(before, metrics, "parley_handoffs_unstaffed_total{reason=\"no_agent_online\"}"), metrics);
    }
  }

  @Test
  void onlyTheTenantsOwnAgentsActThroughTheAgentSocket() throws Exception {
    assertEquals(401, upgrade("?tenant=initech"), "no credential");
    assertEquals(403, upgrade("?token=" + TestIdentity.customerToken("initech", Optional.of("ada"))), "a customer");
    try (ChatClient desk = ChatClient.openWith(node.httpPort(), "/v1/agent/ws", TestIdentity.agentKey("initech"))) {
      assertEquals("key:test-agent", desk.expect("hello").get("agentId").asText(), "an agent's API key is one agent");
    }

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "initech");
        ChatClient dana = ChatClient.agent(node.httpPort(), "initech", "agent-dana", "Dana");
        ChatClient lee = ChatClient.agent(node.httpPort(), "initech", "agent-lee", "Lee");
        ChatClient intruder = ChatClient.agent(node.httpPort(), "globex", "agent-eve", "Eve")) {
      String sessionId = customer.startNew();
      for (String action : List.of("open", "take")) {
        intruder.send(ChatClient.frame(action).put("sessionId", sessionId));
        assertEquals("not_found", intruder.expect("error").get("code").asText(), "another tenant's agent: " + action);
      }
      intruder.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "x-1").put("text", "hi"));
      assertEquals("not_found", intruder.expect("error").get("code").asText());

      dana.send(ChatClient.frame("take").put("sessionId", sessionId));
      dana.expect("conversation");
      lee.send(ChatClient.frame("take").put("sessionId", sessionId));
      JsonNode refused = lee.expect("error");
      assertEquals("conflict", refused.get("code").asText());
      assertEquals("Dana already has this conversation", refused.get("message").asText());
      lee.send(ChatClient.frame("reply").put("sessionId", sessionId).put("clientMsgId", "l-1").put("text", "hello"));
      assertEquals("conflict", lee.expect("error").get("code").asText(), "only the agent holding it writes");
      lee.send("{\"type\":\"take\"}");
      assertEquals("bad_request", lee.expect("error").get("code").asText());
    }
  }

  private static String metrics() {
    return OpsClient.withToken(node.httpPort()).get("/metrics").body();
  }

  /** How much the sample {@code name} grew from {@code before} to {@code after}. */
  private static double increase(String before, String after, String name) {
    return OpsClient.sample(after, name) - OpsClient.sample(before, name);
  }

  private int upgrade(String query) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/agent/ws" + query))
        .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  private static boolean isQueue(JsonNode frame) {
    return frame.get("type").asText().equals("queue");
  }

}
