package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant's {@code toolsEnabled} and {@code model} settings over real sockets: the model is offered
 * only the tenant's tools with the tenant's temperature and answer length, a call to a tool the
 * tenant left out is refused as an unknown one, and a session keeps the version it started with.
 */
class BotConfigToolsAndModelEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One node for the class: each test configures a tenant of its own (acme with globex beside it; initech). */
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo));

  @Test
  void aPublishedVersionChangesWhatTheModelGetsForNewSessionsOnly() throws Exception {
    publish("{\"toolsEnabled\": [\"kb_search\", \"fetch_status\"], \"model\": {\"temperature\": 0.2, \"maxTokens\": 300}}");
    try (ChatClient first = ChatClient.connect(node.httpPort(), "acme")) {
      first.startNew();
      first.answerOf(first.say("c-1", "Hello").get("turnId").asText());
      assertModelGot(List.of("fetch_status", "kb_search"), 0.2, 300);

      publish("{\"toolsEnabled\": [\"kb_search\"], \"model\": {\"temperature\": 1.5}}");
      first.answerOf(first.say("c-2", "Still there?").get("turnId").asText());
      assertModelGot(List.of("fetch_status", "kb_search"), 0.2, 300);

      try (ChatClient second = ChatClient.connect(node.httpPort(), "acme")) {
        second.startNew();
        node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "create_ticket",
            "{\"subject\":\"Refund\",\"description\":\"Charged twice\",\"priority\":\"high\"}")));
        second.answerOf(second.say("c-1", "I was charged twice").get("turnId").asText());
        RecordedRequest afterCall = node.model().lastRequest();
        String refusal = afterCall.toolResult("call-1").orElseThrow();
        assertTrue(refusal.contains("there is no tool named 'create_ticket'; the available tools are kb_search"), refusal);
        assertModelGot(List.of("kb_search"), 1.5, 1024);
      }
    }
    JsonNode tickets = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/tickets?tenant=acme", null).body());
    assertEquals(0, tickets.get("tickets").size(), "the disabled tool never ran");

    try (ChatClient other = ChatClient.connect(node.httpPort(), "globex")) {
      other.startNew();
      other.answerOf(other.say("c-1", "Hello").get("turnId").asText());
      // do_not_call is the node's too, but a chat is no call the bot placed.
      assertModelGot(List.of("create_ticket", "escalate", "fetch_status", "kb_search"), 0.3, 1024);
    }
  }

  @Test
  void unknownToolsAndParametersOutOfBoundsAreEachListedAndChangeNothing() throws Exception {
    HttpResponse<String> refused = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=initech",
        "{\"config\": {\"toolsEnabled\": [\"kb.search\"], \"model\": {\"temperature\": 3, \"maxTokens\": 5000}}}");
    assertEquals(400, refused.statusCode());
    List<String> problems = JSON.convertValue(JSON.readTree(refused.body()).get("error").get("problems"),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    assertEquals(List.of(
        "toolsEnabled[0]: no tool is named \"kb.search\" (known: create_ticket, do_not_call, escalate, fetch_status, kb_search, press_keys)",
        "model.temperature: must be a number from 0 to 2",
        "model.maxTokens: must be a whole number from 1 to 1024"), problems);
    assertEquals(404, TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/config?tenant=initech", null).statusCode());
  }

  private void assertModelGot(List<String> tools, double temperature, int maxTokens) {
    RecordedRequest request = node.model().lastRequest();
    assertEquals(tools, request.toolNames().stream().sorted().toList());
    assertEquals(temperature, request.body().get("temperature").asDouble());
    assertEquals(maxTokens, request.body().get("max_tokens").asInt());
  }

  private void publish(String config) throws Exception {
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": " + config + ", \"message\": \"tools and model\"}");
    assertFalse(published.statusCode() >= 300, published.statusCode() + " " + published.body());
  }
}
