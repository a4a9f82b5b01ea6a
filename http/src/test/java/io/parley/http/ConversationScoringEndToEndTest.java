package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every closed customer conversation scored, on a real node whose fake model is both the bot and
 * the judge, speaking the chat completions wire format with {@code response_format} json_schema:
 * conversations close, are scored from their redacted transcripts, and the scores are in the list
 * (filtered and sorted by score, a page at a time), the conversation's view, the export and the
 * analytics; a judge's answer that breaks the schema is a judge error, never a score; a tenant's
 * sample and daily token cap leave conversations unscored; a test on the draft is never scored; a
 * badly scored conversation becomes an evaluation case in one call, which only an admin may make;
 * a conversation closed while no node scored is scored by the next node that does.
 */
class ConversationScoringEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "ada@example.com";

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(ConversationScoringEndToEndTest::answer), Map.of("parley.quality.scoring", true,
      "parley.quality.poll", "200ms"));

  /** The judge scores as the conversation shows; the bot answers every question alike. */
  private static String answer(RecordedRequest request) {
    JsonNode body = request.body();
    if (!body.has("response_format")) return "We offer a refund within 30 days of delivery.";
    String conversation = request.lastUserMessage();
    if (conversation.contains("broken")) return "A fine conversation, I would give it four.";
    if (conversation.contains("lamp")) {
      return "{\"score\": 1, \"resolved\": false, \"grounded\": false, \"tone\": \"neutral\","
          + " \"reason\": \"It answered about refunds when asked about the lamp; " + EMAIL + " got no help.\"}";
    }
    return "{\"score\": 5, \"resolved\": true, \"grounded\": true, \"tone\": \"friendly\", \"reason\": \"Answered.\"}";
  }

  @Test
  void closedConversationsAreScoredAndTheScoresAreListedSortedViewedExportedAndAddedUp() throws Exception {
    String tenant = "acme";
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<String> draft = admin(tenant, "PUT", "/v1/config/draft", "{\"config\": {\"instructions\": \"A draft.\"}}");
    assertEquals(200, draft.statusCode(), draft.body());
    String trial = tryTheDraft(tenant);
    String good = converse(tenant, "Can I get a refund on my kettle?");
    String bad = converse(tenant, "My email is " + EMAIL + ". Is the brass lamp dimmable?");
    String broken = converse(tenant, "This one is broken, sorry");
    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);

    JsonNode listed = awaitList(tenant, range, page -> List.of(good, bad, broken).stream()
        .allMatch(id -> qualityState(page, id).filter(state -> !state.equals("pending")).isPresent()));
    JsonNode goodRow = byId(listed, good).get("quality");
    assertEquals("scored", goodRow.get("state").asText(), goodRow.toString());
    assertEquals(5, goodRow.get("score").asInt());
    assertTrue(goodRow.get("resolved").asBoolean() && goodRow.get("grounded").asBoolean(), goodRow.toString());
    assertEquals("friendly", goodRow.get("tone").asText());
    JsonNode badRow = byId(listed, bad).get("quality");
    assertEquals(1, badRow.get("score").asInt(), badRow.toString());
    assertFalse(badRow.get("grounded").asBoolean());
    assertFalse(badRow.get("reason").asText().contains(EMAIL), "the reason is redacted as the transcript: " + badRow);
    JsonNode brokenRow = byId(listed, broken).get("quality");
    assertEquals("error", brokenRow.get("state").asText(), "a schema-breaking answer is a judge error: " + brokenRow);
    assertTrue(brokenRow.path("score").isNull() || brokenRow.path("score").isMissingNode(), brokenRow.toString());
    assertTrue(brokenRow.get("reason").asText().contains("conversation_score"), brokenRow.toString());

    List<RecordedRequest> judged = node.model().requests().stream().filter(r -> r.body().has("response_format"))
        .filter(r -> List.of("kettle", "brass lamp", "broken", "draft know").stream().anyMatch(r.lastUserMessage()::contains))
        .toList();
    assertEquals(3, judged.size(), "one judge request a customer's conversation");
    assertTrue(judged.stream().noneMatch(r -> r.lastUserMessage().contains("draft know")), "none for the draft's test");
    for (RecordedRequest request : judged) {
      JsonNode format = request.body().get("response_format");
      assertEquals("json_schema", format.get("type").asText());
      assertEquals("conversation_score", format.get("json_schema").get("name").asText());
      assertTrue(format.get("json_schema").get("strict").asBoolean());
      assertFalse(request.body().toString().contains(EMAIL), "the judge reads the transcript redacted");
    }
    assertTrue(judged.stream().anyMatch(r -> r.lastUserMessage().contains("[EMAIL")), "the address as its placeholder");
    JsonNode tests = list(tenant, range + "&test=true");
    assertTrue(byId(tests, trial).path("quality").isNull() || byId(tests, trial).path("quality").isMissingNode(),
        "a test on the draft is never scored: " + tests);

    assertEquals(List.of(bad), ids(list(tenant, range + "&score=1-2")));
    assertEquals(List.of(good), ids(list(tenant, range + "&score=5")));
    assertEquals(List.of(bad, good), ids(list(tenant, range + "&sort=score")), "worst first, only the scored");
    JsonNode first = list(tenant, range + "&sort=score&limit=1");
    assertEquals(List.of(bad), ids(first));
    assertEquals(List.of(good), ids(list(tenant, range + "&sort=score&limit=1&cursor=" + first.get("next").asText())));
    HttpResponse<String> refused = admin(tenant, "GET", "/v1/conversations?" + range + "&score=6", null);
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("score must be a score from 1 to 5"), refused.body());

    JsonNode view = JSON.readTree(admin(tenant, "GET", "/v1/conversations/" + bad, null).body());
    assertEquals(1, view.get("quality").get("score").asInt(), view.toString());
    assertTrue(StreamSupport.stream(view.get("messages").spliterator(), false)
        .anyMatch(message -> message.get("role").asText().equals("user")), "the view is the session's, with its messages");

    JsonNode quality = JSON.readTree(admin(tenant, "GET", "/v1/analytics?" + range, null).body()).get("quality");
    assertEquals(2, quality.get("scored").asInt(), quality.toString());
    assertEquals(1, quality.get("judgeErrors").asInt());
    assertEquals(3.0, quality.get("averageScore").asDouble(), 1e-9);
    assertEquals(List.of(1, 0, 0, 0, 1), ints(quality.get("distribution")));
    assertEquals(0.5, quality.get("groundedShare").asDouble(), 1e-9);
    assertEquals(0.5, quality.get("resolvedShare").asDouble(), 1e-9);

    String csv = admin(tenant, "GET", "/v1/conversations/export?format=csv&" + range, null).body();
    List<String> header = List.of(csv.lines().findFirst().orElseThrow().split(","));
    String badLine = csv.lines().filter(line -> line.startsWith(bad)).findFirst().orElseThrow();
    assertEquals("1", cells(badLine).get(header.indexOf("qualityScore")), csv);
    assertEquals("scored", cells(badLine).get(header.indexOf("qualityState")));
    assertEquals("false", cells(badLine).get(header.indexOf("qualityGrounded")));
    String lines = admin(tenant, "GET", "/v1/conversations/export?format=jsonl&" + range, null).body();
    JsonNode exported = lines.lines().map(ConversationScoringEndToEndTest::tree)
        .filter(line -> line.get("sessionId").asText().equals(good)).findFirst().orElseThrow();
    assertEquals(5, exported.get("quality").get("score").asInt(), exported.toString());

    HttpResponse<String> made = admin(tenant, "POST", "/v1/conversations/" + bad + "/to-case", null);
    assertEquals(201, made.statusCode(), made.body());
    JsonNode testCase = JSON.readTree(made.body());
    JsonNode messages = testCase.get("definition").get("messages");
    assertEquals(1, messages.size(), testCase.toString());
    assertTrue(messages.get(0).asText().contains("brass lamp") && !messages.get(0).asText().contains(EMAIL),
        "the customer's message, redacted: " + messages);
    assertTrue(testCase.get("definition").get("expect").get(0).has("judge"), testCase.toString());
    HttpResponse<String> stored = admin(tenant, "GET", "/v1/evaluations/cases/" + testCase.get("caseId").asText(), null);
    assertEquals(200, stored.statusCode(), "the case is among the tenant's cases: " + stored.body());
    HttpResponse<String> wentWell = admin(tenant, "POST", "/v1/conversations/" + good + "/to-case", null);
    assertEquals(201, wentWell.statusCode(), "a conversation that went well is a case too: " + wentWell.body());
    assertTrue(JSON.readTree(wentWell.body()).get("name").asText().endsWith(", scored 5"), wentWell.body());
    assertEquals(403, TestIdentity.call(node.httpPort(), "POST", "/v1/conversations/" + bad + "/to-case?tenant=" + tenant,
        "Bearer " + TestIdentity.agentKey(tenant), null).statusCode(), "only an admin makes cases");

    // The question that opened the badly scored conversation is one the bot could not answer.
    JsonNode[] gaps = new JsonNode[1];
    await("the badly scored conversation's question among the knowledge gaps").atMost(Duration.ofSeconds(30)).until(() -> {
      gaps[0] = JSON.readTree(admin(tenant, "GET", "/v1/analytics/knowledge-gaps", null).body());
      return gaps[0].get("topics").toString().contains("bad_score");
    });
    String topics = gaps[0].get("topics").toString();
    assertTrue(topics.contains("brass lamp") && !topics.contains(EMAIL), topics);
    assertFalse(topics.contains("kettle"), "a well scored conversation's question is no gap: " + topics);
  }

  @Test
  void aTenantsSampleAndDailyTokenCapLeaveConversationsUnscored() throws Exception {
    assertEquals(200, admin("globex", "PUT", "/v1/config", "{\"config\": {\"qualityDailyTokens\": 1}}").statusCode());
    String first = converse("globex", "Can I get a refund?");
    JsonNode firstQuality = awaitQuality("globex", first);
    assertEquals("scored", firstQuality.get("state").asText(), "below the cap: " + firstQuality);
    String second = converse("globex", "And another refund?");
    JsonNode capped = awaitQuality("globex", second);
    assertEquals("skipped", capped.get("state").asText(), capped.toString());
    assertTrue(capped.get("reason").asText().contains("daily token cap"), capped.toString());

    assertEquals(200, admin("initech", "PUT", "/v1/config", "{\"config\": {\"qualitySampleRate\": 0}}").statusCode());
    JsonNode unsampled = awaitQuality("initech", converse("initech", "Can I get a refund?"));
    assertEquals("skipped", unsampled.get("state").asText(), unsampled.toString());
    assertTrue(unsampled.get("reason").asText().contains("sample"), unsampled.toString());

    HttpResponse<String> refused = admin("initech", "PUT", "/v1/config", "{\"config\": {\"qualitySampleRate\": 1.5}}");
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains("qualitySampleRate: must be a number from 0 to 1"), refused.body());
  }

  /**
   * A conversation that closed while no node scored (the only one had scoring off) stays marked to
   * score, and the next node that scores, on the same database, scores it.
   */
  @Test
  void aConversationClosedWhileNoNodeScoredIsScoredByTheNextNodeThatDoes() throws Exception {
    DatabaseSettings database = TestPostgres.newDatabase();
    String sessionId;
    try (ParleyNode first = ParleyNode.start(TestNode.config(database, Optional.of(node.model().baseUrl()),
        Map.of("parley.quality.scoring", false)))) {
      sessionId = ConversationsEndToEndTest.converse(first.httpPort(), "acme", Optional.empty(),
          List.of("Can I get a refund on my toaster?"));
      await("the conversation marked to score").atMost(Duration.ofSeconds(60)).until(() -> "pending".equals(
          qualityState(ConversationsEndToEndTest.list(first.httpPort(), "acme", "limit=200"), sessionId).orElse("")));
    }
    try (ParleyNode second = ParleyNode.start(TestNode.config(database, Optional.of(node.model().baseUrl()),
        Map.of("parley.quality.scoring", true, "parley.quality.poll", "200ms")))) {
      await("the conversation scored").atMost(Duration.ofSeconds(60)).until(() -> "scored".equals(
          qualityState(ConversationsEndToEndTest.list(second.httpPort(), "acme", "limit=200"), sessionId).orElse("")));
    }
  }

  private static String converse(String tenant, String message) {
    return ConversationsEndToEndTest.converse(node.httpPort(), tenant, Optional.empty(), List.of(message));
  }

  /** An admin's conversation with the draft: a test. */
  private static String tryTheDraft(String tenant) {
    try (ChatClient admin = ChatClient.openWith(node.httpPort(), "/v1/chat/ws?tenant=" + tenant, TestIdentity.adminKey(tenant))) {
      admin.send(ChatClient.frame("start").put("draft", true));
      String trial = admin.expect("session").get("sessionId").asText();
      JsonNode ack = admin.say("t-1", "Does the draft know about lamps?");
      admin.answerOf("turn-" + ack.get("seq").asLong());
      admin.send(ChatClient.frame("close"));
      admin.expect("closed");
      return trial;
    }
  }

  private static JsonNode awaitQuality(String tenant, String sessionId) throws Exception {
    JsonNode page = awaitList(tenant, "limit=200", listed -> qualityState(listed, sessionId)
        .filter(state -> !state.equals("pending")).isPresent());
    return byId(page, sessionId).get("quality");
  }

  private static JsonNode awaitList(String tenant, String query, java.util.function.Predicate<JsonNode> done)
      throws Exception {
    List<JsonNode> last = new ArrayList<>();
    await("conversations scored").atMost(Duration.ofSeconds(60)).until(() -> {
      last.clear();
      last.add(list(tenant, query));
      return done.test(last.get(0));
    });
    return last.get(0);
  }

  private static Optional<String> qualityState(JsonNode page, String sessionId) {
    JsonNode row = byId(page, sessionId);
    return row == null || !row.path("quality").has("state") ? Optional.empty()
        : Optional.of(row.get("quality").get("state").asText());
  }

  private static JsonNode list(String tenant, String query) throws Exception {
    return ConversationsEndToEndTest.list(node.httpPort(), tenant, query);
  }

  private static JsonNode byId(JsonNode page, String sessionId) {
    return StreamSupport.stream(page.get("conversations").spliterator(), false)
        .filter(row -> row.get("sessionId").asText().equals(sessionId)).findFirst().orElse(null);
  }

  private static List<String> ids(JsonNode page) {
    return StreamSupport.stream(page.get("conversations").spliterator(), false).map(row -> row.get("sessionId").asText())
        .toList();
  }

  private static List<Integer> ints(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asInt).toList();
  }

  /** A CSV line's cells (none of these lines quotes a comma). */
  private static List<String> cells(String line) {
    return List.of(line.split(",", -1));
  }

  private static JsonNode tree(String line) {
    try {
      return JSON.readTree(line);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> admin(String tenant, String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + (path.contains("?") ? "&" : "?") + "tenant=" + tenant, body);
  }
}
