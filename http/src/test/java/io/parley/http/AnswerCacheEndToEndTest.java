package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The answer cache over real WebSockets on PostgreSQL: a repeated or paraphrased first question is
 * answered without the model and marked {@code source: cache}; a question with personal data, a
 * later question, a question on a page that says who the customer is, and another tenant's
 * question reach the model, and such answers are never kept; a knowledge-base change, a bot
 * configuration change and an admin's {@code DELETE /v1/cache} invalidate; with the model down, a
 * later question similar to a cached one gets that answer, said to be one, and a miss gets the
 * offline responder.
 */
class AnswerCacheEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String RESET = "Use the Forgot password link on the sign-in page.";
  // The page section of the prompt, as the model reads it (PROMPTS.md): one "key: value" line a field.
  private static final Pattern ACCOUNT = Pattern.compile("accountNumber: ([A-Z0-9-]+)");

  /**
   * The node and model the tests that keep both running talk to, one for the class: each of those
   * tests asks as tenants of its own, whose caches nobody else fills, and counts the model's
   * requests from where the earlier tests left them. A test that stops its model or needs other
   * settings starts a node of its own.
   */
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(AnswerCacheEndToEndTest::answer));

  /** The reset instructions, the account number the customer's page gave, or the question echoed. */
  private static String answer(RecordedRequest request) {
    String question = request.lastUserMessage().toLowerCase();
    if (question.contains("password")) return RESET;
    Matcher account = ACCOUNT.matcher(request.messages().toString());
    if (question.contains("account number")) {
      return account.find() ? "Your account number is " + account.group(1) + "." : "I cannot see your account.";
    }
    return "You said: " + request.lastUserMessage();
  }

  @Test
  void aRepeatedContextFreeQuestionIsAnsweredFromTheCacheUntilSomethingItDependsOnChanges() throws Exception {
    int requests = node.model().requestCount();
    JsonNode first = firstAnswer("acme", "How do I reset my password?");
    assertEquals(RESET, first.get("text").asText());
    assertEquals("llm", first.get("source").asText());
    assertEquals(requests + 1, node.model().requestCount());
    awaitCached("acme", 1);

    JsonNode again = firstAnswer("acme", "how do I reset my password");
    assertEquals(RESET, again.get("text").asText());
    assertEquals("cache", again.get("source").asText());
    JsonNode paraphrase = firstAnswer("acme", "How can I reset my password?");
    assertEquals("cache", paraphrase.get("source").asText());
    assertEquals(requests + 1, node.model().requestCount(), "hits cost no model call");

    assertEquals("llm", firstAnswer("acme", "Hi, I'm Ada (ada@example.com). How do I reset my password?")
        .get("source").asText(), "a question with personal data is the model's");
    assertEquals("llm", firstAnswer("globex", "How do I reset my password?").get("source").asText(),
        "another tenant never gets acme's answer");
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
      client.answerOf(client.say("c-1", "Hello").get("turnId").asText());
      JsonNode later = client.answerOf(client.say("c-2", "How do I reset my password?").get("turnId").asText());
      assertEquals("llm", later.get("source").asText(), "a later question has a context");
    }
    assertEquals(requests + 5, node.model().requestCount());

    assertEquals(201, call("POST", "/v1/kb/documents?tenant=acme",
        "{\"title\":\"Passwords\",\"content\":\"Reset links expire after one hour.\",\"format\":\"text\"}").statusCode());
    assertEquals("llm", firstAnswer("acme", "How do I reset my password?").get("source").asText(),
        "a new help article invalidates");
    awaitCached("acme", 3);
    assertEquals("cache", firstAnswer("acme", "How do I reset my password?").get("source").asText());

    assertEquals(200, call("PUT", "/v1/config?tenant=acme", "{\"config\": {\"assistantName\": \"Ava\"}}").statusCode());
    assertEquals("llm", firstAnswer("acme", "How do I reset my password?").get("source").asText(),
        "a new bot configuration invalidates");
    awaitCached("acme", 4);

    HttpResponse<String> customer = HTTP.send(HttpRequest.newBuilder(uri("/v1/cache?tenant=acme"))
        .header("Authorization", "Bearer " + TestIdentity.customerToken("acme", Optional.of("ada"))).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, customer.statusCode(), "only admins clear the cache");
    assertEquals(4, JSON.readTree(call("DELETE", "/v1/cache?tenant=acme", null).body()).get("deleted").asInt());
    assertEquals("llm", firstAnswer("acme", "How do I reset my password?").get("source").asText());
  }

  @Test
  void anAnswerBuiltOnOneCustomersPageIsNeitherKeptNorGivenToAnother() throws Exception {
    int requests = node.model().requestCount();
    JsonNode valentina = firstAnswerOnPage("umbrella",
        "{\"accountNumber\": \"ACME-7781-VQ\", \"customerName\": \"Valentina Quist\"}", "What is my account number?");
    assertEquals("Your account number is ACME-7781-VQ.", valentina.get("text").asText());
    assertEquals("llm", valentina.get("source").asText());

    JsonNode bob = firstAnswerOnPage("umbrella", "{\"accountNumber\": \"ACME-0002-BOB\"}", "What is my account number?");
    assertEquals("Your account number is ACME-0002-BOB.", bob.get("text").asText(), "the model saw Bob's page, not the cache");
    assertEquals("llm", bob.get("source").asText());
    assertEquals(requests + 2, node.model().requestCount());

    // The browser's language alone says nothing of the customer: such turns share answers, per language.
    assertEquals("llm", firstAnswerOnPage("umbrella", "{\"language\": \"en-GB\"}", "How do I reset my password?")
        .get("source").asText());
    awaitCached("umbrella", 1);
    assertEquals("cache", firstAnswerOnPage("umbrella", "{\"language\": \"en-GB\"}", "How do I reset my password?")
        .get("source").asText());
    assertEquals("llm", firstAnswerOnPage("umbrella", "{\"language\": \"de-DE\"}", "How do I reset my password?")
        .get("source").asText(), "another language is another scope");
    awaitCached("umbrella", 2);
    assertEquals("llm", firstAnswerOnPage("umbrella",
        "{\"language\": \"en-GB\", \"accountNumber\": \"ACME-0002-BOB\"}", "How do I reset my password?")
        .get("source").asText(), "a page naming the customer takes no cached answer, however harmless the question");
    assertEquals(requests + 5, node.model().requestCount());

    assertEquals(List.of(RESET, RESET), cachedAnswers("umbrella"), "only the context-free answers are kept");
    String metrics = call("GET", "/metrics", null).body();
    assertTrue(metrics.contains("parley_answer_cache_skipped_total{reason=\"customer_context\",tenant=\"umbrella\"} 3.0"),
        metrics.lines().filter(line -> line.startsWith("parley_answer_cache_skipped")).toList().toString());
  }

  @Test
  void withTheModelDownASimilarQuestionGetsTheCachedAnswerSaidToBeOneAndAMissTheOfflineResponder() throws Exception {
    node.startOwn(Map.of());
    firstAnswer("acme", "How do I reset my password?");
    awaitCached("acme", 1);
    node.model().close();

    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = client.startNew();
      JsonNode greeting = client.answerOf(client.say("c-1", "Hello there").get("turnId").asText());
      assertEquals("offline", greeting.get("source").asText());
      JsonNode similar = client.answerOf(client.say("c-2", "I forgot my password, how do I reset it?").get("turnId").asText());
      assertEquals("cache", similar.get("source").asText());
      String text = similar.get("text").asText();
      assertTrue(text.startsWith("Sorry") && text.contains("asked before") && text.endsWith(RESET), text);
      JsonNode unknown = client.answerOf(client.say("c-3", "Which colours does the lamp come in?").get("turnId").asText());
      assertEquals("offline", unknown.get("source").asText());
      assertFalse(unknown.get("text").asText().contains(RESET));

      JsonNode stored = JSON.readTree(call("GET", "/v1/sessions/" + sessionId + "?tenant=acme", null).body());
      assertEquals("cache", stored.get("messages").get(3).get("source").asText(), stored.toString());
    }
  }

  @Test
  void aTenantThatTurnedTheCacheOffAlwaysGetsTheModel() throws Exception {
    int requests = node.model().requestCount();
    assertEquals(200, call("PUT", "/v1/config?tenant=initech", "{\"config\": {\"answerCache\": false}}").statusCode());
    assertEquals("llm", firstAnswer("initech", "How do I reset my password?").get("source").asText());
    assertEquals("llm", firstAnswer("initech", "How do I reset my password?").get("source").asText());
    assertEquals(requests + 2, node.model().requestCount());
    assertEquals(0, JSON.readTree(call("GET", "/v1/cache?tenant=initech", null).body()).get("entries").asInt());
  }

  @Test
  void whenTheNodeShedsLoadASimilarQuestionGetsTheCachedAnswerAtOnce() throws Exception {
    node.startOwn(Map.of("parley.llm.max-concurrent-calls", 1));
    firstAnswer("acme", "How do I reset my password?");
    awaitCached("acme", 1);

    node.model().enqueue(Reply.answer("Yes, we ship to Canada.").delayingHeaders(Duration.ofSeconds(4)));
    try (ChatClient busy = ChatClient.connect(node.httpPort(), "acme");
        ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      busy.startNew();
      String busyTurn = busy.say("c-1", "Do you ship to Canada?").get("turnId").asText();
      await("the busy turn's request at the model").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
          .until(() -> node.model().requestCount() >= 2);

      client.startNew();
      JsonNode shed = client.answerOf(client.say("c-1", "Hello there").get("turnId").asText());
      assertEquals("offline", shed.get("source").asText(), "the only model call is taken");
      JsonNode similar = client.answerOf(client.say("c-2", "I forgot my password, how do I reset it?").get("turnId").asText());
      assertEquals("cache", similar.get("source").asText());
      assertTrue(similar.get("text").asText().endsWith(RESET), similar.toString());
      assertEquals("llm", busy.answerOf(busyTurn).get("source").asText(), "the call under way still answers");
    }
    assertEquals(2, node.model().requestCount(), "the shed turns never reached the model");
  }

  /** The answer to {@code question} asked first in a new session of {@code tenant}. */
  private JsonNode firstAnswer(String tenant, String question) {
    try (ChatClient client = ChatClient.connect(node.httpPort(), tenant)) {
      client.startNew();
      return client.answerOf(client.say("c-1", question).get("turnId").asText());
    }
  }

  /** The answer to {@code question} asked first in a new session of {@code tenant} on a page whose context is {@code page}. */
  private JsonNode firstAnswerOnPage(String tenant, String page, String question) throws Exception {
    try (ChatClient client = ChatClient.connect(node.httpPort(), tenant)) {
      client.startNew();
      ObjectNode context = ChatClient.frame("context");
      context.set("data", JSON.readTree(page));
      client.send(context);
      return client.answerOf(client.say("c-1", question).get("turnId").asText());
    }
  }

  /** Every answer {@code tenant} has in the cache's table, read from the database. */
  private static List<String> cachedAnswers(String tenant) throws Exception {
    List<String> answers = new ArrayList<>();
    try (Connection connection = node.connect(); Statement select = connection.createStatement();
        ResultSet rows = select.executeQuery("SELECT answer FROM answer_cache WHERE tenant = '" + tenant + "' ORDER BY id")) {
      while (rows.next()) answers.add(rows.getString(1));
    }
    return answers;
  }

  /** Answers are kept after the customer has them: waits until {@code tenant} has {@code entries}. */
  private void awaitCached(String tenant, int entries) throws Exception {
    await("the cache of " + tenant + " holding " + entries + " answers").atMost(Duration.ofSeconds(10))
        .until(() -> JSON.readTree(call("GET", "/v1/cache?tenant=" + tenant, null).body()).get("entries").asInt(),
            cached -> cached == entries);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + node.httpPort() + path);
  }

  /** As the admin of the tenant the path names. */
  private HttpResponse<String> call(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path, body);
  }
}
