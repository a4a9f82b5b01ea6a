package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Personal data does not reach the model: over a real WebSocket the customer gives an email and a
 * card number; every request to the model (prompt, tool results) carries placeholders instead,
 * the tool the model calls with a placeholder gets the real value, and the customer reads the
 * model's answer, streamed and stored, with the real value back in place.
 */
class PrivacyEndToEndTest {
  @RegisterExtension
  final RunningNode node = RunningNode.withModel(FakeChatCompletionsServer::start);

  @Test
  void theModelSeesPlaceholdersWhileTheCustomerAndTheToolsSeeTheRealValues() throws Exception {
    node.model().enqueue(
        Reply.toolCalls(new ToolCall("call-1", "create_ticket", "{\"subject\":\"Refund for order 1042\","
            + "\"description\":\"Customer [EMAIL_1] paid with [CARD_1] and wants a refund\",\"priority\":\"normal\"}")),
        Reply.answer("I've opened a ticket; we'll write to [EMAIL_1] within a day."));
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
      JsonNode ack = client.say("c-1", "Hi, I'm Ada (ada@example.com). I paid order 1042 with 4111 1111 1111 1111 and want a refund.");
      String turnId = ack.get("turnId").asText();
      JsonNode answer = client.answerOf(turnId);
      assertEquals("I've opened a ticket; we'll write to ada@example.com within a day.", answer.get("text").asText());
      String streamed = client.drain(java.time.Duration.ofMillis(300)).stream()
          .filter(f -> f.get("type").asText().equals("delta") && f.get("turnId").asText().equals(turnId))
          .map(f -> f.get("text").asText()).collect(Collectors.joining());
      assertEquals(answer.get("text").asText(), streamed, "the streamed pieces restore the placeholder too");
    }

    List<RecordedRequest> requests = node.model().requests();
    assertEquals(2, requests.size());
    for (RecordedRequest request : requests) {
      String body = request.body().toString();
      assertFalse(body.contains("ada@example.com") || body.contains("4111 1111 1111 1111"),
          "personal data reached the model: " + body);
    }
    String prompt = requests.get(0).body().get("messages").toString();
    assertTrue(prompt.contains("Hi, I'm Ada ([EMAIL_1]). I paid order 1042 with [CARD_1] and want a refund."), prompt);

    JsonNode tickets = EscalationEndToEndTest.json(node.httpPort(), "/v1/tickets?tenant=acme").get("tickets");
    assertEquals(1, tickets.size());
    String description = tickets.get(0).get("description").asText();
    assertTrue(description.contains("ada@example.com"), "the tool got the real email: " + description);
  }
}
