package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant's MCP server of revision 2026-07-28 (the MCP TypeScript SDK v2's, {@code @modelcontextprotocol/server}
 * pinned by http/src/test/mcp-typescript, server.mjs there) asks, during a call, for values only the customer can
 * give: its replace_card tool's {@code input_required} round asks for a delivery address (a text, a whole number, a
 * choice and a yes or no). The customer answers over the chat socket's protocol, as the widget does: the
 * {@code approval} frame carries the form's fields, an {@code approve} frame its answers (refused while a field does
 * not fit), and the call's next run gives them to the server, whose answer the model reads with the customer's values
 * taken out. A decline, and a form nobody answered in time, reach the server as MCP's {@code decline} and
 * {@code cancel}. The values never appear in what the model is sent nor in the conversation as staff read it; an agent
 * following the conversation reads them.
 */
class TenantMcpFormsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STREET = "Baker Street 221b";

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(TenantToolsEndToEndTest::answerFromLastResult));

  @RegisterExtension
  static final TypeScriptMcpServer server = new TypeScriptMcpServer();

  @Test
  void theCustomerFillsInTheFormTheServerAsksForAndOnlyTheServerReadsTheValues() throws Exception {
    publish("acme", "");
    String sessionId;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = customer.startNew();
      node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "shop_replace_card", "{\"card\": \"debit\"}")));
      String turn = customer.say("c-1", "My card is broken, please send a new one").get("turnId").asText();
      JsonNode asked = customer.expect("approval");
      assertEquals("pending", asked.get("status").asText(), asked.toString());
      JsonNode form = asked.get("form");
      assertEquals("Where should we send the new card?", form.get("question").asText(), asked.toString());
      assertEquals(List.of("street", "floor", "slot", "signature"), names(form));
      assertEquals("Street and number", form.at("/fields/0/label").asText());
      assertTrue(form.at("/fields/0/required").asBoolean());
      assertEquals(3, form.at("/fields/0/minLength").asInt());
      assertEquals("integer", form.at("/fields/1/type").asText());
      assertEquals("choice", form.at("/fields/2/type").asText());
      assertEquals("Afternoon", form.at("/fields/2/options/1/label").asText());
      assertEquals("boolean", form.at("/fields/3/type").asText());
      String approvalId = asked.get("approvalId").asText();

      customer.send(answers(approvalId, "{\"street\": \"B\", \"slot\": \"pm\"}"));
      JsonNode unfit = customer.expect("error");
      assertEquals("bad_request", unfit.get("code").asText(), unfit.toString());
      assertTrue(unfit.get("message").asText().contains("street is too short"), unfit.toString());
      customer.send(answers(approvalId, "{\"street\": \"" + STREET + "\", \"slot\": \"tea time\"}"));
      assertTrue(customer.expect("error").get("message").asText().contains("slot must be one of its options"));

      customer.send(answers(approvalId, "{\"street\": \"" + STREET + "\", \"floor\": 2, \"slot\": \"pm\", \"signature\": true}"));
      JsonNode approved = customer.expect("approval");
      assertEquals("approved", approved.get("status").asText(), approved.toString());
      assertFalse(approved.toString().contains(STREET), "the decision's frame does not repeat the values");
      String answer = customer.answerOf(turn).get("text").asText();
      assertTrue(answer.contains("New debit card sent to [street], floor 2, in the pm"), answer);
    }
    JsonNode given = serverAnswers().getLast();
    assertEquals("accept", given.get("action").asText(), given.toString());
    assertEquals(STREET, given.at("/content/street").asText(), "the server got the customer's values");
    assertEquals(2, given.at("/content/floor").asInt());
    assertTrue(given.at("/content/signature").asBoolean());

    assertTrue(node.model().requests().stream().noneMatch(request -> request.body().toString().contains("Baker")),
        "the model never reads the customer's values");
    HttpResponse<String> conversation = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations/" + sessionId + "?tenant=acme", null);
    assertEquals(200, conversation.statusCode(), conversation.body());
    assertTrue(conversation.body().contains("shop_replace_card"), conversation.body());
    assertFalse(conversation.body().contains("Baker"), "staff read the call, not the values: " + conversation.body());
  }

  @Test
  void aDeclinedFormIsADeclineAndOneNobodyAnsweredACancelThatTheServerReads() throws Exception {
    publish("globex", ", \"approvalTimeout\": 2");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      customer.startNew();
      node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "shop_replace_card", "{\"card\": \"credit\"}")));
      String declinedTurn = customer.say("c-1", "Send me a new credit card").get("turnId").asText();
      JsonNode asked = customer.expect("approval");
      customer.send(ToolApprovalEndToEndTest.approve(asked.get("approvalId").asText(), false));
      assertEquals("refused", customer.expect("approval").get("status").asText());
      String declined = customer.answerOf(declinedTurn).get("text").asText();
      assertTrue(declined.contains("No credit card sent: the customer declined"), declined);
      assertEquals("decline", serverAnswers().getLast().get("action").asText());

      node.model().enqueue(Reply.toolCalls(new ToolCall("call-2", "shop_replace_card", "{\"card\": \"gift\"}")));
      String silentTurn = customer.say("c-2", "And a gift card").get("turnId").asText();
      assertEquals("pending", customer.expect("approval").get("status").asText());
      assertEquals("expired", customer.expect("approval").get("status").asText());
      String unanswered = customer.answerOf(silentTurn).get("text").asText();
      assertTrue(unanswered.contains("No gift card sent: nobody answered"), unanswered);
      assertEquals("cancel", serverAnswers().getLast().get("action").asText());
    }
  }

  /**
   * An agent following the conversation reads, on the agent socket, the form asked and then what the customer filled
   * in; the customer's own socket is never sent the values back.
   */
  @Test
  void anAgentFollowingTheConversationReadsTheFormAndTheCustomersAnswers() throws Exception {
    publish("acme", "");
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme");
        ChatClient dana = ChatClient.greetedAgent(node.httpPort(), "acme", "agent-dana", "Dana")) {
      String sessionId = customer.startNew();
      node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "shop_replace_card", "{\"card\": \"loyalty\"}")));
      customer.say("c-1", "Please send me a new loyalty card");
      String approvalId = customer.expect("approval").get("approvalId").asText();
      dana.send(ChatClient.frame("open").put("sessionId", sessionId));
      assertEquals(sessionId, dana.expect("conversation").get("sessionId").asText());
      customer.send(answers(approvalId, "{\"street\": \"" + STREET + "\", \"slot\": \"am\"}"));
      JsonNode told = customer.next(frame -> frame.get("type").asText().equals("error")
          || frame.get("type").asText().equals("approval") && !frame.get("status").asText().equals("pending"));
      assertEquals("approved", told.path("status").asText(), told.toString());
      assertFalse(told.toString().contains(STREET), told.toString());
      JsonNode decided = dana.next(frame -> frame.get("type").asText().equals("approval")
          && frame.get("approvalId").asText().equals(approvalId) && frame.get("status").asText().equals("approved"));
      assertEquals(STREET, decided.at("/answers/street").asText(), decided.toString());
      assertEquals("Where should we send the new card?", decided.at("/form/question").asText(), decided.toString());
    }
  }

  private static void publish(String tenant, String more) throws Exception {
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=" + tenant,
        "{\"config\": {\"mcpServers\": [{\"name\": \"shop\", \"url\": \"http://127.0.0.1:" + server.port() + "/mcp\"}]"
            + more + "}}");
    assertEquals(200, published.statusCode(), published.body());
  }

  private static ObjectNode answers(String approvalId, String answers) throws IOException {
    ObjectNode frame = ToolApprovalEndToEndTest.approve(approvalId, true);
    frame.set("answers", JSON.readTree(answers));
    return frame;
  }

  private static List<String> names(JsonNode form) {
    return form.get("fields").valueStream().map(field -> field.get("name").asText()).toList();
  }

  /** What the server read of each form's answer, in order. */
  private static List<JsonNode> serverAnswers() throws IOException {
    return server.logged("answer");
  }
}
