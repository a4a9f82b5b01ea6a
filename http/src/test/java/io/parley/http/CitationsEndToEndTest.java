package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.Awaiting;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Answers cite the help articles they were built on, on a real node over a real WebSocket with a
 * model speaking OpenAI's streaming format: the model searches with {@code kb_search}, reads
 * numbered passages, and cites [1] and a made-up [7]. The answer's frame carries the real article
 * (title, url, passage) and not the made-up one, whose marker leaves the text; the session's
 * transcript over REST shows the same, and the analytics count the article cited. A German
 * conversation reads German articles first and English ones translated, the answer saying so.
 */
class CitationsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RETURNS_URL = "https://help.example.com/returns";
  private static final String OFFLINE_ARTICLE = "Unused items can be returned within 30 days of delivery.";

  @RegisterExtension static final RunningNode node = RunningNode.withModel(FakeChatCompletionsServer::start);
  @RegisterExtension static final RunningNode offline = RunningNode.offline();

  @Test
  void theAnswerCarriesTheArticleItCitesAndNotTheOneItMadeUp() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    int requestsBefore = node.model().requestCount();
    String documentId = addArticle(node, "acme", "Returns and refunds",
        "Unused items can be returned within 30 days of delivery. Refunds reach your card within five working days.",
        RETURNS_URL);
    node.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "kb_search", "{\"query\": \"return unused items\"}")),
        Reply.answer("You can return unused items within 30 days [1]. Refunds are instant [7]."));

    String sessionId;
    JsonNode answer;
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = client.startNew();
      client.say("c-1", "Can I return an item I did not use?");
      answer = client.answerOf("turn-1");
    }

    String toolResult = node.model().lastRequest().toolResults().get(0).content();
    assertTrue(toolResult.contains("\"id\":1") && toolResult.contains(RETURNS_URL), "the model reads numbered passages: " + toolResult);
    assertTrue(node.model().requests().get(requestsBefore).messages().get(0).content().contains("like [1]"), "the system prompt asks to cite");

    assertEquals("You can return unused items within 30 days [1]. Refunds are instant.", answer.get("text").asText());
    assertCitesTheReturnsArticle(answer, documentId);

    JsonNode session = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + sessionId + "?tenant=acme",
        null).body());
    JsonNode stored = session.get("messages").get(session.get("messages").size() - 1);
    assertEquals("assistant", stored.get("role").asText());
    assertCitesTheReturnsArticle(stored, documentId);

    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);
    JsonNode article = Awaiting.await("the article's citation counted").atMost(Duration.ofSeconds(30)).until(
        () -> topArticle("acme", range), found -> found != null && found.path("cited").asLong() == 1);
    assertEquals(documentId, article.get("documentId").asText());
  }

  /**
   * A German conversation reads the German article first where one answers, and an English one
   * where none does: the model is asked to translate it, the answer says in German that it was
   * translated from English, and its citation links the English original.
   */
  @Test
  void aGermanCustomerReadsTheGermanArticleFirstAndAnEnglishOneTranslatedSayingSo() throws Exception {
    String english = addArticle(node, "initech", "Returns and refunds", "en",
        "Returns: unused items can be returned within 30 days of delivery, and every return is refunded to your card.",
        RETURNS_URL);
    String german = addArticle(node, "initech", "Rückgabe und Erstattung", "de",
        "Rückgabe: Unbenutzte Artikel können innerhalb von 30 Tagen nach der Lieferung zurückgegeben werden.",
        "https://help.example.com/de/rueckgabe");
    String warranty = addArticle(node, "initech", "Tent warranty", "en",
        "Every tent carries a two-year warranty against defects in materials and workmanship.",
        "https://help.example.com/warranty");
    node.model().enqueue(Reply.toolCalls(new ToolCall("call-de-1", "kb_search", "{\"query\": \"Rückgabe return refund\"}")),
        Reply.answer("Unbenutzte Artikel können Sie innerhalb von 30 Tagen zurückgeben [1]."),
        Reply.toolCalls(new ToolCall("call-de-2", "kb_search", "{\"query\": \"tent warranty\"}")),
        Reply.answer("Auf jedes Zelt gibt es zwei Jahre Garantie [1]."));

    try (ChatClient client = ChatClient.connect(node.httpPort(), "initech")) {
      client.startIn("de");
      JsonNode ownLanguage = client.answerOf(client.say("c-1", "Kann ich etwas zurückgeben?").get("turnId").asText());
      String returnsResult = node.model().lastRequest().toolResult("call-de-1").orElseThrow();
      assertTrue(returnsResult.contains(english), "the English article answers too: " + returnsResult);
      assertEquals(german, ownLanguage.get("citations").get(0).get("documentId").asText(),
          "the German article comes first: " + returnsResult);
      assertEquals("Unbenutzte Artikel können Sie innerhalb von 30 Tagen zurückgeben [1].", ownLanguage.get("text").asText());

      JsonNode translated = client.answerOf(client.say("c-2", "Wie lange gilt die Garantie für ein Zelt?").get("turnId").asText());
      String warrantyResult = node.model().lastRequest().toolResult("call-de-2").orElseThrow();
      assertTrue(warrantyResult.contains("\"translate\":\"Passage [1] is not in the customer's language, German. Answer in German"),
          "the model is asked to translate: " + warrantyResult);
      assertEquals("Auf jedes Zelt gibt es zwei Jahre Garantie [1].\n\nÜbersetzt aus unserem Artikel auf Englisch.",
          translated.get("text").asText());
      JsonNode cited = translated.get("citations").get(0);
      assertEquals(warranty, cited.get("documentId").asText(), translated.toString());
      assertEquals("https://help.example.com/warranty", cited.get("url").asText());
      assertEquals("en", cited.get("language").asText());
    }
  }

  @Test
  void withoutAModelTheOfflineAnswerCitesTheArticleItAnsweredFrom() throws Exception {
    String documentId = addArticle(offline, "acme", "Returns and refunds", OFFLINE_ARTICLE, RETURNS_URL);
    JsonNode answer = askOffline("acme", "Can unused items be returned?");
    assertEquals("offline", answer.get("source").asText(), answer.toString());
    assertCitesTheReturnsArticle(answer, documentId);
  }

  @Test
  void aKnowledgeGapNamesTheNearestArticleToFix() throws Exception {
    String documentId = addArticle(offline, "initech", "Returns and refunds", OFFLINE_ARTICLE, RETURNS_URL);
    JsonNode answer = askOffline("initech", "Are customs duties paid abroad returned to the buyer?");
    assertFalse(answer.has("citations"), "no article answers it: " + answer);
    JsonNode topic = Awaiting.await("the unanswered question kept").atMost(Duration.ofSeconds(30)).until(() -> {
      HttpResponse<String> got = TestIdentity.asAdmin(offline.httpPort(), "GET", "/v1/analytics/knowledge-gaps?tenant=initech", null);
      assertEquals(200, got.statusCode(), got.body());
      return JSON.readTree(got.body()).get("topics");
    }, topics -> topics.size() == 1).get(0);
    assertEquals(documentId, topic.get("article").get("documentId").asText(), topic.toString());
    assertEquals(RETURNS_URL, topic.get("article").get("url").asText());
    assertEquals(1, topic.get("count").asInt(), "the topic's own fields stay where they were: " + topic);
  }

  /** The offline node's answer to a new conversation's first question. */
  private static JsonNode askOffline(String tenant, String question) {
    try (ChatClient client = ChatClient.connect(offline.httpPort(), tenant)) {
      client.startNew();
      return client.answerOf(client.say("c-1", question).get("turnId").asText());
    }
  }

  private static void assertCitesTheReturnsArticle(JsonNode message, String documentId) {
    JsonNode citations = message.get("citations");
    assertEquals(1, citations.size(), message.toString());
    JsonNode cited = citations.get(0);
    assertEquals(1, cited.get("ref").asInt());
    assertEquals(documentId, cited.get("documentId").asText());
    assertEquals("Returns and refunds", cited.get("title").asText());
    assertEquals(RETURNS_URL, cited.get("url").asText());
    assertTrue(cited.get("passage").asText().contains("30 days"), cited.toString());
    assertFalse(message.toString().contains("[7]"), message.toString());
  }

  private static String addArticle(RunningNode node, String tenant, String title, String text, String url)
      throws Exception {
    return addArticle(node, tenant, title, "en", text, url);
  }

  private static String addArticle(RunningNode node, String tenant, String title, String language, String text, String url)
      throws Exception {
    String article = JSON.createObjectNode().put("title", title).put("format", "text").put("content", text)
        .put("url", url).put("language", language).toString();
    HttpResponse<String> added = TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/kb/documents?tenant=" + tenant, article);
    assertEquals(201, added.statusCode(), added.body());
    assertEquals(url, JSON.readTree(added.body()).get("url").asText());
    return JSON.readTree(added.body()).get("id").asText();
  }

  private static JsonNode topArticle(String tenant, String range) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/analytics?tenant=" + tenant + "&" + range,
        null);
    assertEquals(200, response.statusCode(), response.body());
    JsonNode top = JSON.readTree(response.body()).get("topArticles");
    return top.isEmpty() ? null : top.get(0);
  }
}
