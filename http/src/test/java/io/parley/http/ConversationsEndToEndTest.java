package io.parley.http;

import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.Awaiting;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.conversations.FirstResponseBuckets;
import io.parley.persistence.testing.TestH2;
import io.parley.persistence.testing.TestPostgres;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The conversations read model over real sockets on PostgreSQL: customers chat with the (fake)
 * model, the projection folds their sessions' journals into rows, and the tenant's staff list
 * them with filters and signed cursors, tag them, and see nothing of another tenant's; erasing a
 * user removes their rows; the analytics figures add the rows up, with the answers the cache served,
 * the knowledge-base articles searches found and the customers' languages; admins export them as
 * JSON lines or CSV. One node for the class.
 */
class ConversationsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double PROMPT_PRICE = 2.0;
  private static final double COMPLETION_PRICE = 10.0;
  private static FakeChatCompletionsServer model;
  private static DatabaseSettings database;
  private static ParleyNode node;

  @BeforeAll
  static void start() {
    model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo);
    database = TestPostgres.newDatabase();
    node = ParleyNode.start(TestNode.config(database, Optional.of(model.baseUrl()), Map.of(
        "parley.conversations.model-prices",
        "{\"test-model\": {\"prompt\": " + PROMPT_PRICE + ", \"completion\": " + COMPLETION_PRICE + "}}")));
  }

  @AfterAll
  static void stop() {
    node.close();
    model.close();
  }

  @Test
  void staffListTheirTenantsConversationsWithTheirFiguresFiltersAndCursors() throws Exception {
    String tenant = "acme";
    String ada = "ada-" + UUID.randomUUID();
    Instant before = Instant.now().minusSeconds(1);
    String answered = converse(tenant, Optional.of(ada), List.of("Where is my order 1042?", "And when does it ship?"));
    String silent = converse(tenant, Optional.empty(), List.of());
    String brief = converse(tenant, Optional.empty(), List.of("Hi"));
    String other = converse("globex", Optional.empty(), List.of("Hello from globex"));
    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);

    HttpResponse<String> rated = TestIdentity.call(node.httpPort(), "POST", "/v1/sessions/" + answered + "/rating?tenant=acme",
        "Bearer " + TestIdentity.customerToken("acme", Optional.of(ada)), "{\"score\": 4, \"comment\": \"Quick help\"}");
    assertEquals(201, rated.statusCode(), rated.body());

    JsonNode listed = await(tenant, range + "&status=closed", page -> page.get("conversations").size() == 2
        && page.get("conversations").findValues("rating").stream().anyMatch(JsonNode::isInt));
    assertEquals(List.of(brief, answered), ids(listed), "newest first; the session nobody wrote in is no conversation");
    assertFalse(ids(listed).contains(silent));
    JsonNode row = byId(listed, answered);
    assertEquals(ada, row.get("userId").asText());
    assertEquals("chat", row.get("channel").asText());
    assertEquals("bot", row.get("resolvedBy").asText());
    assertEquals(2, row.get("messages").get("user").asInt());
    assertEquals(2, row.get("messages").get("bot").asInt());
    assertEquals(0, row.get("messages").get("agent").asInt());
    assertTrue(row.get("firstResponseMs").asLong() >= 0, row.toString());
    assertTrue(row.get("averageAnswerMs").asLong() >= 0, row.toString());
    JsonNode tokens = row.get("tokens");
    assertTrue(tokens.get("prompt").asLong() > 0 && tokens.get("completion").asLong() > 0, row.toString());
    assertEquals("test-model", tokens.get("pricedAt").asText());
    assertEquals((tokens.get("prompt").asLong() * PROMPT_PRICE + tokens.get("completion").asLong() * COMPLETION_PRICE) / 1e6,
        tokens.get("estimatedCostUsd").asDouble(), 1e-12);
    assertFalse(row.toString().contains("order 1042") || row.toString().contains("does it ship"),
        "no message text in the read model: " + row);
    assertFalse(row.toString().contains("Quick help"), "no rating comment in the read model: " + row);
    assertEquals(4, row.get("rating").asInt());

    String metrics = TestIdentity.call(node.httpPort(), "GET", "/metrics", null, null).body();
    assertTrue(metrics.contains("parley_conversations_lag_seconds{slice=\"sessions-"), "the projection's lag is measured");

    assertEquals(List.of(brief, answered), ids(list(tenant, range + "&resolvedBy=bot")));
    assertEquals(List.of(), ids(list(tenant, range + "&resolvedBy=abandoned")), "the silent session is not listed");
    assertEquals(List.of(answered), ids(list(tenant, range + "&rating=4")));
    assertEquals(List.of(), ids(list(tenant, range + "&rating=5")));
    assertEquals(List.of(answered), ids(list(tenant, range + "&userId=" + ada)));
    assertEquals(List.of(), ids(list(tenant, range + "&channel=voice")));
    assertEquals(List.of(), ids(list(tenant, range + "&handoff=asked")));
    assertEquals(List.of(answered, brief), ids(list(tenant, range + "&sort=oldest")));

    JsonNode first = list(tenant, range + "&limit=1");
    assertEquals(List.of(brief), ids(first));
    String cursor = first.get("next").asText();
    JsonNode second = list(tenant, range + "&limit=1&cursor=" + cursor);
    assertEquals(List.of(answered), ids(second));
    assertTrue(second.path("next").isMissingNode() || second.get("next").isNull(), "the last page: " + second);

    assertBadRequest(tenant, "status=bogus", "status must be one of");
    assertBadRequest(tenant, "leadMin=101", "leadMin must be a whole number from 0 to 100");
    assertBadRequest(tenant, "from=yesterday", "from must be an ISO-8601 instant");
    assertBadRequest(tenant, "colour=red", "unknown parameter 'colour'");
    assertBadRequest(tenant, range + "&limit=1&cursor=" + forged(cursor), "cursor must be");
    assertBadRequest(tenant, range + "&limit=1&resolvedBy=bot&cursor=" + cursor, "cursor must be");
    assertBadRequest("globex", range + "&limit=1&cursor=" + cursor, "cursor must be");

    assertEquals(List.of(other), ids(await("globex", range, page -> page.get("conversations").size() > 0)),
        "another tenant's staff see only theirs");
    assertEquals(404, TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/conversations/" + answered + "?tenant=globex", null)
        .statusCode());
    HttpResponse<String> view = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/conversations/" + answered + "?tenant=acme", null);
    assertEquals(200, view.statusCode(), view.body());
    assertEquals(answered, JSON.readTree(view.body()).get("sessionId").asText());
    assertEquals(403, TestIdentity.call(node.httpPort(), "GET", "/v1/conversations?tenant=acme",
        "Bearer " + TestIdentity.customerToken("acme", Optional.of(ada)), null).statusCode(), "customers see no list");

    String agent = "Bearer " + TestIdentity.agentKey(tenant);
    String tagPath = "/v1/conversations/" + answered + "/tags/vip?tenant=acme";
    assertEquals(200, TestIdentity.call(node.httpPort(), "PUT", tagPath, agent, null).statusCode());
    assertEquals(200, TestIdentity.call(node.httpPort(), "PUT", tagPath, agent, null).statusCode(), "tagging again is idempotent");
    assertEquals(List.of(answered), ids(list(tenant, range + "&tag=vip")));
    assertEquals("[\"vip\"]", byId(list(tenant, range), answered).get("tags").toString());
    assertEquals(404, TestIdentity.call(node.httpPort(), "PUT", "/v1/conversations/" + answered + "/tags/vip?tenant=globex",
        "Bearer " + TestIdentity.agentKey("globex"), null).statusCode());
    assertEquals(400, TestIdentity.call(node.httpPort(), "PUT", "/v1/conversations/" + answered + "/tags/Not%20A%20Tag?tenant=acme",
        agent, null).statusCode());
    assertEquals(200, TestIdentity.call(node.httpPort(), "DELETE", tagPath, agent, null).statusCode());
    assertEquals(List.of(), ids(list(tenant, range + "&tag=vip")));

    JsonNode analytics = analytics(tenant, range + "&interval=hour");
    JsonNode total = analytics.get("total");
    assertEquals(2, total.get("conversations").asInt(), "the session nobody wrote in is not counted: " + analytics);
    assertEquals(6, total.get("messages").asInt());
    assertEquals(1.0, total.get("containment").asDouble(), 1e-9, "both closed conversations resolved by the bot");
    assertEquals(0.0, total.get("handoffRate").asDouble(), 1e-9);
    JsonNode briefRow = byId(listed, brief);
    List<Long> firstResponseBuckets = List.of(row, briefRow).stream()
        .map(r -> FirstResponseBuckets.reported(FirstResponseBuckets.of(r.get("firstResponseMs").asLong()))).toList();
    assertTrue(firstResponseBuckets.contains(total.get("medianFirstResponseMs").asLong()), "the upper bound of a time's bucket");
    assertEquals(firstResponseBuckets.stream().mapToLong(Long::longValue).max().orElseThrow(), total.get("p90FirstResponseMs").asLong());
    double cost = tokens.get("estimatedCostUsd").asDouble() + briefRow.get("tokens").get("estimatedCostUsd").asDouble();
    assertEquals(tokens.get("prompt").asLong() + briefRow.get("tokens").get("prompt").asLong(), total.get("promptTokens").asLong());
    assertEquals(cost, total.get("estimatedCostUsd").asDouble(), 1e-12);
    assertEquals(cost / 2, total.get("estimatedCostPerConversationUsd").asDouble(), 1e-12);
    assertEquals(0, total.get("qualifiedLeads").asInt());
    assertEquals(4.0, total.get("csat").get("average").asDouble(), 1e-9);
    assertEquals("[0,0,0,1,0]", total.get("csat").get("distribution").toString());
    assertEquals(0.5, total.get("csat").get("responseRate").asDouble(), 1e-9, "one of two closed conversations rated");
    int bucketed = 0;
    for (JsonNode bucket : analytics.get("buckets")) bucketed += bucket.get("figures").get("conversations").asInt();
    assertEquals(2, bucketed, "every conversation in one hour's bucket: " + analytics);
    assertEquals(0, analytics("acme", range + "&channel=voice").get("total").get("conversations").asInt());
    assertEquals(1, analytics("globex", range).get("total").get("conversations").asInt());
    HttpResponse<String> badInterval = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/analytics?tenant=acme&" + range + "&interval=month", null);
    assertEquals(400, badInterval.statusCode());
    assertTrue(badInterval.body().contains("interval must be one of [hour, day, week]"), badInterval.body());

    HttpResponse<String> jsonl = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/conversations/export?tenant=acme&" + range, null);
    assertEquals(200, jsonl.statusCode(), jsonl.body());
    List<String> exported = new ArrayList<>();
    for (String line : jsonl.body().split("\n")) exported.add(JSON.readTree(line).get("sessionId").asText());
    assertEquals(List.of(answered, brief), exported, "oldest first, one JSON line each");
    HttpResponse<String> csv = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations/export?tenant=acme&format=csv&" + range, null);
    assertEquals(200, csv.statusCode(), csv.body());
    List<String> lines = csv.body().lines().toList();
    assertEquals(3, lines.size(), csv.body());
    assertTrue(lines.get(0).startsWith("sessionId,userId,channel,startedAt,closedAt,status,resolvedBy,"), lines.get(0));
    assertTrue(lines.get(1).startsWith(answered + "," + ada + ",chat,"), lines.get(1));
    assertTrue(csv.headers().firstValue("Content-Type").orElseThrow().startsWith("text/csv"));
    assertEquals(403, TestIdentity.call(node.httpPort(), "GET", "/v1/conversations/export?tenant=acme", agent, null).statusCode(),
        "agents do not export");
    assertEquals(400, TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/conversations/export?tenant=acme&format=xml", null)
        .statusCode());
    assertTrue(awaitAudited("conversation.export", 3), "each export is in the audit log, the one refused for its format too");

    // Whole hours, read from the rollups alone; the tenant's other conversations may be in them too.
    String hours = "from=" + before.truncatedTo(ChronoUnit.HOURS) + "&to="
        + Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
    JsonNode wholeHours = analytics(tenant, hours).get("total");
    HttpResponse<String> erased = TestIdentity.asAdmin(node.httpPort(), "DELETE", "/v1/users/" + ada + "?tenant=acme", null);
    assertEquals(200, erased.statusCode(), erased.body());
    JsonNode afterErasure = analytics(tenant, hours).get("total");
    assertEquals(wholeHours.get("conversations").asInt() - 1, afterErasure.get("conversations").asInt(),
        "the erased user's conversation leaves the analytics as the erasure answers: " + afterErasure);
    assertEquals(wholeHours.get("csat").get("distribution").get(3).asInt() - 1,
        afterErasure.get("csat").get("distribution").get(3).asInt(), "and its rating with it");
    assertEquals(List.of(), ids(list(tenant, range + "&userId=" + ada)), "erasing a user removes their conversations");
    assertEquals(List.of(brief), ids(list(tenant, range)));
  }

  @Test
  void aUserIdASpreadsheetWouldReadAsAFormulaIsExportedAsText() throws Exception {
    // A tenant whose whole list no other test of this class checks: their conversations start within these ranges too.
    Instant before = Instant.now().minusSeconds(1);
    String tabbed = converse(TestIdentity.DEFAULT_TENANT, Optional.of("\t=1+1"), List.of("Hello"));
    String returned = converse(TestIdentity.DEFAULT_TENANT, Optional.of("\r=2+2"), List.of("Hello"));
    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);
    await(TestIdentity.DEFAULT_TENANT, range, page -> ids(page).containsAll(List.of(tabbed, returned)));

    HttpResponse<String> csv = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations/export?tenant=" + TestIdentity.DEFAULT_TENANT + "&format=csv&" + range, null);
    assertEquals(200, csv.statusCode(), csv.body());
    assertTrue(csv.body().contains("\n" + tabbed + ",'\t=1+1,chat,"), csv.body());
    assertTrue(csv.body().contains("\n" + returned + ",\"'\r=2+2\",chat,"), "quoted, as it holds a line break: " + csv.body());
  }

  @Test
  void anExportWithTranscriptsHoldsEachConversationsMessagesRedactedAsTheArchiveAndItsTags() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    String tagged = converse("globex", Optional.empty(), List.of("My email is ada@example.com", "=SUM(1+2)"));
    String silent = converse("globex", Optional.empty(), List.of());
    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);
    await("globex", range, page -> ids(page).contains(tagged));
    assertEquals(200, TestIdentity.call(node.httpPort(), "PUT", "/v1/conversations/" + tagged + "/tags/vip?tenant=globex",
        "Bearer " + TestIdentity.agentKey("globex"), null).statusCode());
    await("globex", range + "&tag=vip", page -> ids(page).equals(List.of(tagged)));
    String export = "/v1/conversations/export?tenant=globex&include=transcript&" + range;

    HttpResponse<String> jsonl = TestIdentity.asAdmin(node.httpPort(), "GET", export, null);
    assertEquals(200, jsonl.statusCode(), jsonl.body());
    assertFalse(jsonl.body().contains("ada@example.com"), "redacted as the archive is: " + jsonl.body());
    List<String> lines = jsonl.body().lines().toList();
    assertEquals(1, lines.size(), "the session nobody wrote in is no conversation to export: " + jsonl.body());
    assertFalse(jsonl.body().contains(silent), jsonl.body());
    JsonNode first = JSON.readTree(lines.get(0));
    assertEquals(tagged, first.get("sessionId").asText());
    assertEquals("[\"vip\"]", first.get("tags").toString());
    List<String> said = new ArrayList<>();
    for (JsonNode message : first.get("transcript")) said.add(message.get("role").asText() + ": " + message.get("text").asText());
    assertEquals(List.of("user: My email is [EMAIL_1]", "assistant: You said: My email is [EMAIL_1]", "user: =SUM(1+2)",
        "assistant: You said: =SUM(1+2)"), said);

    HttpResponse<String> csv = TestIdentity.asAdmin(node.httpPort(), "GET", export + "&format=csv", null);
    assertEquals(200, csv.statusCode(), csv.body());
    assertFalse(csv.body().contains("ada@example.com"), csv.body());
    List<String> rows = csv.body().lines().toList();
    assertTrue(rows.get(0).endsWith(",voiceSeconds,tags,qualityState,qualityScore,qualityResolved,qualityGrounded,qualityTone,"
        + "qualityReason,ratingComment,toolCalls,approvals,experiment,experimentArm,messageSeq,messageRole,messageAuthor,"
        + "messageAt,messageText,"
        + "messageTranslatedFrom,messageOriginal"),
        rows.get(0));
    assertEquals(5, rows.size(), "a line per message, none for the session nobody wrote in: " + csv.body());
    assertTrue(rows.get(1).startsWith(tagged + ",") && rows.get(1).contains(",vip,") && rows.get(1).contains(",user,,")
        && rows.get(1).endsWith(",My email is [EMAIL_1],,"), rows.get(1));
    assertTrue(rows.get(3).endsWith(",'=SUM(1+2),,"), "a message a spreadsheet would read as a formula: " + rows.get(3));
    assertFalse(csv.body().contains(silent), csv.body());

    HttpResponse<String> unknown = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations/export?tenant=globex&include=summary", null);
    assertEquals(400, unknown.statusCode());
    assertTrue(unknown.body().contains("include must be transcript"), unknown.body());
  }

  @Test
  void instantsRangesAndIntervalsOutsideWhatTheStoreHoldsAreRefusedWithA400() throws Exception {
    String extreme = "from=-1000000000-01-01T00:00:00Z&to=%2B1000000000-12-31T23:59:59Z";
    for (String path : List.of("/v1/analytics?tenant=acme&interval=week&", "/v1/conversations/export?tenant=acme&",
        "/v1/conversations?tenant=acme&")) {
      HttpResponse<String> refused = TestIdentity.asAdmin(node.httpPort(), "GET", path + extreme, null);
      assertEquals(400, refused.statusCode(), path + ": " + refused.body());
      assertTrue(refused.body().contains("from must be an instant in the years 1970 to 9999"), refused.body());
    }
    HttpResponse<String> centuries = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/analytics?tenant=acme&interval=week&from=1970-01-01T00:00:00Z&to=2900-01-01T00:00:00Z", null);
    assertEquals(400, centuries.statusCode(), centuries.body());
    assertTrue(centuries.body().contains("weeks; at most 2000: use a longer interval"), centuries.body());
    HttpResponse<String> backwards = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations/export?tenant=acme&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", null);
    assertEquals(400, backwards.statusCode(), backwards.body());
    assertTrue(backwards.body().contains("from must be before to"), backwards.body());
  }

  @Test
  void anExportThatCannotWriteEveryRowEndsInABrokenTransferNotAShortBody() throws Exception {
    // A tenant no other test of this class lists: its conversations start within their ranges too.
    Instant before = Instant.now().minusSeconds(1);
    String readable = converse("umbrella", Optional.empty(), List.of("Hello"));
    String unreadable = converse("umbrella", Optional.empty(), List.of("Hello again"));
    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);
    await("umbrella", range, page -> ids(page).containsAll(List.of(readable, unreadable)));
    // A status this node does not know, as a newer node's row might hold during a rolling upgrade.
    try (Connection connection = DriverManager.getConnection(database.url(), database.user().orElse(null),
        database.password().orElse(null))) {
      try {
        for (String format : List.of("jsonl", "csv")) {
          assertTrue(exportBreaksOn(connection, unreadable, "/v1/conversations/export?tenant=umbrella&format=" + format
              + "&" + range), format + ": the connection closes before the chunked body's end");
        }
      } finally {
        setStatus(connection, unreadable, "closed");
      }
    }
    HttpResponse<String> whole = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations/export?tenant=umbrella&" + range, null);
    assertEquals(200, whole.statusCode(), whole.body());
    assertEquals(2, whole.body().lines().count(), "with the row readable again, the export is whole: " + whole.body());
  }

  /**
   * Whether the export at {@code path} broke off while {@code sessionId}'s row held a status this node
   * does not know. The status is set before each try: an event the session writes after its close
   * (its archive) rewrites the row, and an export that then read it whole is tried again.
   */
  private static boolean exportBreaksOn(Connection connection, String sessionId, String path) throws Exception {
    for (int attempt = 0; attempt < 5; attempt++) {
      setStatus(connection, sessionId, "archived");
      try {
        TestIdentity.asAdmin(node.httpPort(), "GET", path, null);
      } catch (IOException brokenOff) {
        return true;
      }
      if (status(connection, sessionId).equals("archived")) return false;
    }
    return false;
  }

  private static String status(Connection connection, String sessionId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT status FROM conversation WHERE session_id = ?")) {
      select.setString(1, sessionId);
      try (var rows = select.executeQuery()) {
        assertTrue(rows.next(), sessionId);
        return rows.getString(1);
      }
    }
  }

  private static void setStatus(Connection connection, String sessionId, String status) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE conversation SET status = ? WHERE session_id = ?")) {
      update.setString(1, status);
      update.setString(2, sessionId);
      assertEquals(1, update.executeUpdate(), sessionId);
    }
  }

  @Test
  void theReadModelRunsOnTheEmbeddedH2DatabaseToo(@TempDir Path dataDir) throws Exception {
    try (ParleyNode h2Node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()),
        Map.of()))) {
      String sessionId = converse(h2Node.httpPort(), "acme", Optional.empty(), List.of("Hello over H2"));
      String closed = "/v1/conversations?tenant=acme&status=closed";
      JsonNode page = Awaiting.await("the closed conversation listed").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
          .until(() -> JSON.readTree(TestIdentity.asAdmin(h2Node.httpPort(), "GET", closed, null).body()),
              listed -> listed.get("conversations").size() > 0);
      assertEquals(List.of(sessionId), ids(page));
      JsonNode row = page.get("conversations").get(0);
      assertEquals("closed", row.get("status").asText(), row.toString());
      assertEquals(1, row.get("messages").get("user").asInt());
      assertEquals(1, row.get("messages").get("bot").asInt());
    }
  }

  @Test
  void analyticsCountCachedAnswersTheArticlesSearchesFoundAndLanguagesAndTheMetricsNameTheTenant() throws Exception {
    String tenant = "initech";
    String question = "How long does shipping take?";
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<String> article = TestIdentity.asAdmin(node.httpPort(), "POST", "/v1/kb/documents?tenant=" + tenant,
        "{\"title\": \"Shipping times\", \"content\": \"Standard shipping takes three to five working days.\", "
            + "\"format\": \"text\"}");
    assertEquals(201, article.statusCode(), article.body());
    String documentId = JSON.readTree(article.body()).get("id").asText();
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "kb_search", "{\"query\": \"shipping time\"}")));
    String searched = converse(tenant, Optional.empty(), List.of(question));
    awaitCachedAnswers(tenant, 1);
    String cached = converse(tenant, Optional.empty(), List.of(question));
    String german = converse(node.httpPort(), tenant, Optional.empty(), Optional.of(JSON.readTree("{\"language\": \"de-DE\"}")),
        List.of("Hallo"));
    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);

    JsonNode listed = await(tenant, range + "&status=closed", page -> page.get("conversations").size() == 3);
    JsonNode spent = byId(listed, searched).get("tokens");
    long tokens = spent.get("prompt").asLong() + spent.get("completion").asLong();
    assertTrue(tokens > 0, spent.toString());
    assertEquals(0, byId(listed, searched).get("answerCache").get("answers").asInt(), "the model's answer");
    JsonNode saved = byId(listed, cached).get("answerCache");
    assertEquals(1, saved.get("answers").asInt(), listed.toString());
    assertEquals(tokens, saved.get("savedTokens").asLong(), "what the model's answer it reused had cost");
    assertEquals(tokens * PROMPT_PRICE / 1e6, saved.get("estimatedSavedCostUsd").asDouble(), 1e-12);
    assertEquals("de", byId(listed, german).get("language").asText());
    assertEquals(List.of(german), ids(list(tenant, range + "&language=de")));
    assertEquals(List.of(cached, searched), ids(list(tenant, range + "&language=unknown")));
    assertBadRequest(tenant, "language=German", "language must be a lower-case ISO 639 code");

    JsonNode analytics = analytics(tenant, range + "&articles=5");
    JsonNode total = analytics.get("total");
    assertEquals(1, total.get("answerCache").get("answers").asInt(), analytics.toString());
    assertEquals(tokens, total.get("answerCache").get("savedTokens").asLong());
    assertEquals(JSON.readTree("{\"de\": 1, \"unknown\": 2}"), total.get("languages"));
    assertEquals(JSON.readTree("[{\"documentId\": \"" + documentId + "\", \"title\": \"Shipping times\", \"uses\": 1, \"cited\": 0}]"),
        analytics.get("topArticles"), "the cached answer searched nothing, and cites nothing");
    assertEquals(0, analytics("acme", range).get("topArticles").size(), "another tenant's articles are not counted");
    HttpResponse<String> badArticles = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/analytics?tenant=" + tenant + "&" + range + "&articles=0", null);
    assertEquals(400, badArticles.statusCode());
    assertTrue(badArticles.body().contains("articles must be a whole number from 1 to 50"), badArticles.body());

    String metrics = TestIdentity.call(node.httpPort(), "GET", "/metrics", null, null).body();
    assertTrue(metrics.contains("parley_sessions_closed_total{resolved_by=\"bot\",tenant=\"initech\"}"), metrics);
    assertTrue(metrics.contains("parley_messages_total{role=\"user\",tenant=\"initech\"} 3.0"), metrics);
  }

  /** A conversation: the customer's messages, each answered, then closed; its session id. */
  /**
   * An admin trying the draft has a test conversation: marked, listed only with test=true, and in
   * none of the figures, while a customer's conversation of the same minutes is.
   */
  @Test
  void aTestConversationOnTheDraftIsMarkedAndLeftOutOfTheListAndTheFigures() throws Exception {
    String tenant = "globex";
    Instant before = Instant.now().minusSeconds(1);
    HttpResponse<String> saved = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config/draft?tenant=" + tenant,
        "{\"config\": {\"instructions\": \"A draft.\"}}");
    assertEquals(200, saved.statusCode(), saved.body());
    String trial;
    try (ChatClient admin = ChatClient.openWith(node.httpPort(), "/v1/chat/ws?tenant=" + tenant, TestIdentity.adminKey(tenant))) {
      admin.send(frame("start").put("draft", true));
      trial = admin.expect("session").get("sessionId").asText();
      JsonNode ack = admin.say("t-1", "Does the draft answer?");
      admin.answerOf("turn-" + ack.get("seq").asLong());
      admin.send(frame("close"));
      admin.expect("closed");
    }
    String customers = converse(tenant, Optional.empty(), List.of("A customer's question"));
    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);

    JsonNode tests = await(tenant, range + "&test=true", page -> ids(page).contains(trial));
    assertEquals(List.of(trial), ids(tests));
    assertTrue(byId(tests, trial).get("test").asBoolean(), tests.toString());
    // Other tests of this class talk to this tenant too: what they add is in both the list and the figures.
    JsonNode listed = await(tenant, range, page -> ids(page).contains(customers));
    assertFalse(ids(listed).contains(trial), "the test is not among the customers' conversations: " + listed);
    assertTrue(byId(listed, customers).path("test").isMissingNode(), "a customer's conversation carries no mark");
    assertEquals(ids(listed).size(), analytics(tenant, range).get("total").get("conversations").asInt(),
        "the figures count the listed conversations, the test not among them");
    assertBadRequest(tenant, "test=maybe", "test must be true or false");
  }

  static String converse(String tenant, Optional<String> user, List<String> messages) {
    return converse(node.httpPort(), tenant, user, messages);
  }

  static String converse(int port, String tenant, Optional<String> user, List<String> messages) {
    return converse(port, tenant, user, Optional.empty(), messages);
  }

  /** The same, the page's context (a JSON object) set first if given. */
  static String converse(int port, String tenant, Optional<String> user, Optional<JsonNode> context,
      List<String> messages) {
    try (ChatClient customer = ChatClient.connectAs(port, tenant, user)) {
      String sessionId = customer.startNew();
      context.ifPresent(data -> customer.send(frame("context").set("data", data)));
      for (int i = 0; i < messages.size(); i++) {
        JsonNode ack = customer.say("c-" + (i + 1), messages.get(i));
        customer.answerOf("turn-" + ack.get("seq").asLong());
      }
      customer.send(frame("close").put("reason", "resolved"));
      customer.expect("closed");
      return sessionId;
    }
  }

  private static JsonNode list(String tenant, String query) throws Exception {
    return list(node.httpPort(), tenant, query);
  }

  /** A page of {@code GET /v1/conversations} of the node on {@code port}, as the tenant's admin asks it. */
  static JsonNode list(int port, String tenant, String query) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(port, "GET",
        "/v1/conversations?tenant=" + tenant + "&" + query, null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static JsonNode analytics(String tenant, String query) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/analytics?tenant=" + tenant + "&" + query,
        null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static void awaitCachedAnswers(String tenant, int entries) throws Exception {
    int cached = Awaiting.await(entries + " answers cached for " + tenant).atMost(Duration.ofSeconds(30))
        .until(() -> JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/cache?tenant=" + tenant, null).body())
            .get("entries").asInt(), held -> held >= entries);
    assertEquals(entries, cached, "answers the cache of " + tenant + " holds");
  }

  /** Whether the tenant's audit log comes to hold {@code count} entries of {@code action} (it is written behind). */
  private static boolean awaitAudited(String action, int count) throws Exception {
    try {
      Awaiting.await(count + " audit entries of " + action).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/audit?tenant=acme&action=" + action,
              null).body()).get("entries").size() >= count);
      return true;
    } catch (ConditionTimeoutException notInTime) {
      return false;
    }
  }

  private static JsonNode await(String tenant, String query, Predicate<JsonNode> done) throws Exception {
    JsonNode page = Awaiting.await(tenant + "'s conversations " + query).atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200)).until(() -> list(tenant, query), done);
    assertTrue(done.test(page), "the projection did not catch up: " + page);
    return page;
  }

  private static void assertBadRequest(String tenant, String query, String message) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/conversations?tenant=" + tenant + "&" + query, null);
    assertEquals(400, response.statusCode(), response.body());
    assertTrue(response.body().contains(message), response.body());
  }

  /** The cursor with its position moved and its signature kept. */
  private static String forged(String cursor) {
    String body = new String(java.util.Base64.getUrlDecoder().decode(cursor.substring(0, cursor.indexOf('.'))),
        StandardCharsets.UTF_8);
    String moved = body.replaceAll("\\|\\d+\\|", "|" + Instant.now().plusSeconds(3600).toEpochMilli() + "|");
    return URLEncoder.encode(java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString(moved.getBytes(StandardCharsets.UTF_8)) + cursor.substring(cursor.indexOf('.')), StandardCharsets.UTF_8);
  }

  static List<String> ids(JsonNode page) {
    List<String> ids = new ArrayList<>();
    page.get("conversations").forEach(row -> ids.add(row.get("sessionId").asText()));
    return ids;
  }

  static JsonNode byId(JsonNode page, String sessionId) {
    for (JsonNode row : page.get("conversations")) {
      if (row.get("sessionId").asText().equals(sessionId)) return row;
    }
    throw new AssertionError(sessionId + " is not listed: " + page);
  }
}
