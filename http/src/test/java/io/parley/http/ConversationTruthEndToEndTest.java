package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.ChatClient.frame;
import static io.parley.http.ConversationsEndToEndTest.byId;
import static io.parley.http.ConversationsEndToEndTest.ids;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One truth per conversation, over real sockets on PostgreSQL: a German customer whose widget's
 * start frame says German while its context frame says the browser's English is German in the
 * session's detail, the list, the {@code language} filter, the export and the analytics; a
 * customer who asked for a person when nobody was online (the conversation went to a ticket) and
 * whom the bot answered after is not resolved by the bot, in the list, the export or containment.
 */
class ConversationTruthEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo));

  @Test
  void theDetailTheListItsFiltersTheExportAndTheAnalyticsTellOneStory() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    String german;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.send(frame("start").put("language", "de"));
      german = customer.expect("session").get("sessionId").asText();
      customer.send(frame("context").set("data", JSON.readTree("{\"language\": \"en-US\", \"url\": \"https://shop.example/\"}")));
      customer.answerOf(customer.say("c-1", "Wo ist meine Bestellung 1042?").get("turnId").asText());
      customer.send(frame("close").put("reason", "resolved"));
      customer.expect("closed");
    }
    String handedOver;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      handedOver = customer.startNew();
      customer.answerOf(customer.say("c-1", "My kettle arrived broken").get("turnId").asText());
      customer.say("c-2", "I want to speak to a person");
      customer.next(f -> f.get("type").asText().equals("handoff") && f.get("status").asText().equals("bot"));
      customer.answerOf(customer.say("c-3", "How do I descale it meanwhile?").get("turnId").asText());
      customer.send(frame("close").put("reason", "resolved"));
      customer.expect("closed");
    }
    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);

    JsonNode detail = admin("/v1/sessions/" + german + "?tenant=acme");
    assertEquals("de", detail.get("language").get("tag").asText(), detail.toString());
    JsonNode listed = awaitClosed(range, 2);
    assertEquals("de", byId(listed, german).get("language").asText(), listed.toString());
    assertEquals("bot", byId(listed, german).get("resolvedBy").asText());
    assertEquals("abandoned", byId(listed, handedOver).get("resolvedBy").asText(), listed.toString());
    assertTrue(byId(listed, handedOver).get("handoff").hasNonNull("askedAt"), listed.toString());
    assertEquals(List.of(german), ids(admin("/v1/conversations?tenant=acme&" + range + "&language=de")));
    assertEquals(List.of(german), ids(admin("/v1/conversations?tenant=acme&" + range + "&resolvedBy=bot")));

    HttpResponse<String> export = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations/export?tenant=acme&" + range, null);
    assertEquals(200, export.statusCode(), export.body());
    List<JsonNode> lines = new ArrayList<>();
    for (String line : export.body().split("\n")) lines.add(JSON.readTree(line));
    assertEquals("de", lines.stream().filter(line -> line.get("sessionId").asText().equals(german)).findFirst()
        .orElseThrow().get("language").asText(), export.body());
    assertEquals("abandoned", lines.stream().filter(line -> line.get("sessionId").asText().equals(handedOver)).findFirst()
        .orElseThrow().get("resolvedBy").asText(), export.body());

    JsonNode total = admin("/v1/analytics?tenant=acme&" + range).get("total");
    assertEquals(0.5, total.get("containment").asDouble(), total.toString());
    assertEquals(1, total.get("languages").get("de").asInt(), total.toString());
  }

  private static JsonNode awaitClosed(String range, int count) throws Exception {
    return await(count + " conversations listed closed").atMost(Duration.ofSeconds(60))
        .until(() -> admin("/v1/conversations?tenant=acme&status=closed&" + range), page -> page.get("conversations").size() >= count);
  }

  private static JsonNode admin(String path) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET", path, null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
