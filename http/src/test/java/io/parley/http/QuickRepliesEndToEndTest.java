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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replies a customer can tap, over real sockets with a fake model: the greeting's options come with
 * it and again on a resume, in the staff's view of the session, in the conversation's language; a draft with too many is refused naming
 * the field; the model's {@code suggest_replies} puts options on the answer it goes with and never
 * shows as a tool, and is refused as an unknown tool for a tenant that did not turn it on.
 */
class QuickRepliesEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUGGESTION = "{\"options\": [{\"label\": \"Yes, send it\", \"value\": \"Yes, please send a new one\"},"
      + " {\"label\": \"No\", \"value\": \"No, thanks\"}]}";
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo));

  @Test
  void theGreetingOffersItsOptionsOnTheSocketAndAgainOnResume() throws Exception {
    publish("acme", """
        {"greeting": "Hi! What can I do for you?",
         "greetingOptions": [{"label": "Track my order", "value": "Where is my order?",
                              "translations": {"de": {"label": "Bestellung verfolgen", "value": "Wo ist meine Bestellung?"}}},
                             {"label": "Return an item"}]}
        """);
    String sessionId;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = customer.startNew();
      JsonNode greeting = customer.expect("message");
      assertEquals("greeting", greeting.get("turnId").asText());
      assertEquals(List.of("Track my order=Where is my order?", "Return an item=Return an item"), options(greeting));
      customer.answerOf(customer.say("c-1", "Where is my order?").get("turnId").asText());
    }
    try (ChatClient again = ChatClient.connect(node.httpPort(), "acme")) {
      again.resume(sessionId, 0);
      JsonNode greeting = again.expect("message");
      assertEquals(1, greeting.get("seq").asInt());
      assertEquals(2, options(greeting).size(), "the history keeps what the greeting offered");
      assertEquals("Where is my order?", again.next(f -> f.path("seq").asInt() == 2).get("text").asText(),
          "the customer's tap follows it, so a client withdraws the options");
    }
    JsonNode staffView = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + sessionId + "?tenant=acme",
        null).body());
    assertEquals(2, options(staffView.get("messages").get(0)).size(), "the agent console's view of the conversation");
    assertFalse(staffView.get("messages").get(1).has("options"), "the customer's message offers nothing");
    try (ChatClient german = ChatClient.connect(node.httpPort(), "acme")) {
      german.startIn("de");
      assertEquals(List.of("Bestellung verfolgen=Wo ist meine Bestellung?", "Return an item=Return an item"),
          options(german.expect("message")));
    }

    String eleven = "[" + String.join(",", java.util.Collections.nCopies(11, "{\"label\": \"Yes\"}")) + "]";
    HttpResponse<String> refused = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config/draft?tenant=acme",
        "{\"config\": {\"greetingOptions\": " + eleven + "}}");
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("greetingOptions: at most 10 options"), refused.body());
  }

  @Test
  void theModelsSuggestedRepliesComeWithItsAnswerAndNeverShowAsATool() throws Exception {
    publish("globex", "{\"suggestReplies\": true}");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      customer.startNew();
      node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "suggest_replies", SUGGESTION))
          .withText("Your parcel was lost. Shall I send a new one?"));
      JsonNode answer = customer.answerOf(customer.say("c-1", "My parcel never came").get("turnId").asText());
      assertEquals("Your parcel was lost. Shall I send a new one?", answer.get("text").asText());
      assertEquals(List.of("Yes, send it=Yes, please send a new one", "No=No, thanks"), options(answer));
      assertTrue(node.model().lastRequest().toolNames().contains("suggest_replies"), "offered to the model");

      // Suggested before the answer is written: the model reads that they are shown, then answers.
      node.model().enqueue(Reply.toolCalls(new ToolCall("call-2", "suggest_replies", SUGGESTION)), Reply.answer("It is on its way."));
      JsonNode second = customer.answerOf(customer.say("c-2", "Yes, please send a new one").get("turnId").asText());
      assertEquals("It is on its way.", second.get("text").asText());
      assertEquals(2, options(second).size());
      assertTrue(node.model().lastRequest().toolResult("call-2").orElseThrow().contains("shown"));

      List<JsonNode> frames = customer.drain(Duration.ofMillis(300));
      assertTrue(frames.stream().noneMatch(f -> f.toString().contains("suggest_replies")), "no tool shown: " + frames);
    }
  }

  @Test
  void aTenantThatDidNotTurnItOnHasTheCallRefused() throws Exception {
    publish("initech", "{\"assistantName\": \"Ida\"}");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "initech")) {
      customer.startNew();
      node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "suggest_replies", SUGGESTION)), Reply.answer("Plain answer."));
      JsonNode answer = customer.answerOf(customer.say("c-1", "My parcel never came").get("turnId").asText());
      assertEquals("Plain answer.", answer.get("text").asText());
      assertFalse(answer.has("options"), answer.toString());
      RecordedRequest afterCall = node.model().lastRequest();
      assertFalse(afterCall.toolNames().contains("suggest_replies"), "not offered");
      assertTrue(afterCall.toolResult("call-1").orElseThrow().contains("there is no tool named 'suggest_replies'"),
          afterCall.toolResult("call-1").toString());
    }
  }

  private static List<String> options(JsonNode message) {
    List<String> labels = new java.util.ArrayList<>();
    message.path("options").forEach(o -> labels.add(o.get("label").asText() + "=" + o.get("value").asText()));
    return labels;
  }

  private static void publish(String tenant, String config) throws Exception {
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
        "{\"config\": " + config + ", \"baseVersion\": 0}");
    assertEquals(200, published.statusCode(), published.body());
  }
}
