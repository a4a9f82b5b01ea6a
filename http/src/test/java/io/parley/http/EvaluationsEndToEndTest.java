package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.DatabaseSettings;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Evaluations as a support lead uses them over HTTP, on a real node whose fake model answers as its
 * system prompt says (a draft that mentions the spring sale makes the bot mention it), judges as
 * the conversation shows, and plays a customer: cases are kept per tenant and checked field by
 * field; a run on the live version and on the draft gives each expectation its verdict; a judge's
 * answer that breaks its schema is an error; the publish gate refuses a draft that fails cases the
 * live version passes, then lets the mended draft through, refuses a configuration published
 * directly past the draft and lets a rollback through; a run left running by a node gone
 * silent is marked interrupted.
 */
class EvaluationsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "ada@example.com";

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(EvaluationsEndToEndTest::answer), Map.of("parley.evaluation.heartbeat", "1s"));

  // The tenant this test works in, as its admin.
  private String tenant;

  /** The fake model: the judge, the simulated customer, and the bot as its system prompt says. */
  static String answer(RecordedRequest request) {
    JsonNode body = request.body();
    String system = body.get("messages").get(0).get("content").asText();
    String conversation = request.lastUserMessage();
    if (body.has("response_format")) {
      String schema = body.get("response_format").get("json_schema").get("name").asText();
      if (schema.equals("customer_message")) {
        return conversation.contains("Assistant:") ? "{\"message\": \"\", \"done\": true}"
            : "{\"message\": \"Do you have any offers on lamps?\", \"done\": false}";
      }
      if (system.contains("Answer in prose")) return "It passes, I would say.";
      return conversation.contains("spring sale") ? "{\"verdict\": \"pass\", \"reason\": \"It mentions the spring sale.\"}"
          : "{\"verdict\": \"fail\", \"reason\": \"No sale is mentioned.\"}";
    }
    boolean sale = system.contains("Mention the spring sale") && (!system.contains("only when asked about offers")
        || conversation.contains("offer"));
    return sale ? "Yes! Our spring sale ends on Sunday." : "We offer a refund within 30 days of delivery.";
  }

  @Test
  void aDraftThatBreaksACaseIsHeldAtTheGateUntilItPassesAsTheLiveVersionDoes() throws Exception {
    tenant = "acme";
    json(admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\", \"answerCache\": false,"
        + " \"evaluationGate\": {\"minPassRate\": 0.9}}}"));
    String refunds = create("{\"name\": \"refunds\", \"messages\": [\"Can I get a refund?\"], \"expect\": ["
        + "{\"contains\": \"REFUND\"}, {\"notContains\": {\"pattern\": \"(?i)spring sale\"}}, {\"answerSource\": \"llm\"},"
        + "{\"handoff\": false}, {\"maxTokens\": 100000}, {\"noToolCalled\": true}]}");
    String offers = create("{\"name\": \"offers\", \"messages\": [\"Any offers?\"],"
        + " \"expect\": [{\"judge\": \"The assistant mentions the spring sale.\"}]}");
    String privacy = create("{\"name\": \"privacy\", \"messages\": [\"My email is " + EMAIL + ", any news?\"],"
        + " \"personalData\": [\"" + EMAIL + "\"], \"expect\": [{\"noPersonalDataToModel\": true}]}");
    String prose = create("{\"name\": \"prose judge\", \"messages\": [\"Hello\"],"
        + " \"expect\": [{\"judge\": \"Answer in prose.\"}, {\"maxTokens\": 1}]}");

    JsonNode live = finished(start("{\"config\": \"live\"}"));
    assertEquals("live", live.get("config").get("asked").asText());
    assertEquals(1, live.get("config").get("version").asInt());
    assertCase(live, refunds, "pass", "pass", "pass", "pass", "pass", "pass", "pass");
    assertCase(live, offers, "fail", "fail");
    assertEquals("No sale is mentioned.", result(live, offers).get("expectations").get(0).get("reason").asText());
    assertCase(live, privacy, "pass", "pass");
    assertCase(live, prose, "error", "error", "fail");
    assertTrue(result(live, prose).get("expectations").get(0).get("reason").asText().contains("schema"),
        "a judge's answer that breaks the schema is an error: " + result(live, prose));
    assertEquals(0.5, live.get("passRate").asDouble(), 1e-9);
    JsonNode refundCase = result(live, refunds);
    assertEquals(List.of("user", "assistant"), roles(refundCase));
    assertEquals("llm", refundCase.get("transcript").get(1).get("source").asText());
    assertTrue(refundCase.get("tokens").asLong() > 0, refundCase.toString());
    assertTrue(refundCase.has("millis") && refundCase.has("sessionId"), refundCase.toString());
    for (RecordedRequest request : node.model().requests()) {
      assertFalse(request.body().toString().contains(EMAIL), "the redaction held: " + request.body());
    }
    String sessionPath = "/v1/sessions/" + refundCase.get("sessionId").asText();
    assertEquals("evaluation", json(admin("GET", sessionPath, null)).get("channel").asText());
    await("closed evaluation session").atMost(Duration.ofSeconds(10)).until(() ->
        json(admin("GET", sessionPath, null)).get("status").asText().equals("closed"));
    Thread.sleep(500); // time for an archive, which must not come
    JsonNode closed = json(admin("GET", sessionPath, null));
    assertEquals("closed", closed.get("status").asText(), "never archived as a customer's conversation: " + closed);
    assertTrue(closed.path("archived").isNull(), closed.toString());
    assertEquals(400, admin("POST", "/v1/sessions", "{\"channel\": \"evaluation\"}").statusCode(),
        "no client starts an evaluation session");

    HttpResponse<String> direct = admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\","
        + " \"instructions\": \"Mention the spring sale.\"}}");
    assertEquals(409, direct.statusCode(), "the gate also holds a configuration published directly: " + direct.body());
    assertTrue(direct.body().contains("goes live through the draft"), direct.body());
    json(admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Ava\", \"answerCache\": false,"
        + " \"instructions\": \"Mention the spring sale.\", \"evaluationGate\": {\"minPassRate\": 0.9}}}"));
    assertGateRefuses("asks for a finished evaluation run of draft 1");
    JsonNode draft = finished(start("{\"config\": \"draft\"}"));
    assertEquals(1, draft.get("config").get("version").asInt());
    assertTrue(draft.get("config").get("draft").asBoolean());
    assertCase(draft, refunds, "fail", "fail", "fail", "pass", "pass", "pass", "pass");
    assertCase(draft, offers, "pass", "pass");
    JsonNode compared = draft.get("comparedWithLive");
    assertEquals(live.get("runId").asText(), compared.get("runId").asText());
    assertEquals(0.0, compared.get("difference").asDouble(), 1e-9);
    assertEquals(List.of(refunds), texts(compared.get("regressions")));
    assertEquals(List.of(offers), texts(compared.get("improvements")));
    assertGateRefuses("refunds (fail)");

    json(admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Ava\", \"answerCache\": false,"
        + " \"instructions\": \"Mention the spring sale only when asked about offers.\","
        + " \"evaluationGate\": {\"minPassRate\": 0.9}}}"));
    assertEquals(204, admin("DELETE", "/v1/evaluations/cases/" + prose, null).statusCode());
    JsonNode mended = finished(start("{\"config\": \"draft\"}"));
    assertEquals(1.0, mended.get("passRate").asDouble(), 1e-9, mended.toString());
    int passed = mended.get("config").get("version").asInt();
    HttpResponse<String> other = admin("POST", "/v1/config/draft/publish", "{\"draft\": " + (passed - 1) + "}");
    assertEquals(409, other.statusCode(), "a publish meant for a draft before the one that passed: " + other.body());
    assertTrue(other.body().contains("draft " + passed + " is saved, not draft " + (passed - 1)), other.body());
    assertEquals(2, json(admin("POST", "/v1/config/draft/publish", "{\"draft\": " + passed + "}")).get("version").asInt(),
        "the gate lets the draft it judged through");

    JsonNode byNumber = start("{\"config\": 1, \"cases\": [\"" + refunds + "\"]}");
    assertEquals(1, byNumber.get("total").asInt());
    assertEquals(1, finished(byNumber).get("config").get("version").asInt());
    assertEquals(3, json(admin("POST", "/v1/config/rollback", "{\"version\": 1}")).get("version").asInt(),
        "a rollback, the way back to a version customers had, is not gated");
  }

  @Test
  void theModelsToolCallsAreCheckedWithTheirArgumentsAndASimulatedCustomerTalksToTheBot() throws Exception {
    tenant = "globex";
    String tool = create("{\"name\": \"ticket status\", \"messages\": [\"Where is my ticket T-1?\"], \"expect\": ["
        + "{\"toolCalled\": {\"name\": \"fetch_status\", \"arguments\": {\"ticket_id\": \"T-1\"}}},"
        + "{\"toolCalled\": {\"name\": \"fetch_status\", \"arguments\": {\"ticket_id\": \"T-2\"}}},"
        + "{\"noToolCalled\": \"create_ticket\"}]}");
    String simulated = create("{\"name\": \"bargain hunter\", \"simulatedCustomer\": {\"persona\": \"A bargain hunter\","
        + " \"goal\": \"Find a discount on a lamp\", \"maxTurns\": 3}, \"expect\": [{\"contains\": \"refund\"}]}");
    node.model().enqueue(Reply.toolCalls(new ToolCall("call_1", "fetch_status", "{\"ticket_id\": \"T-1\"}")),
        Reply.answer("I could not find ticket T-1."));
    JsonNode toolRun = finished(start("{\"config\": \"live\", \"cases\": [\"" + tool + "\"]}"));
    assertCase(toolRun, tool, "fail", "pass", "fail", "pass");
    assertEquals("fetch_status", result(toolRun, tool).get("toolCalls").get(0).get("name").asText());

    JsonNode talk = finished(start("{\"config\": \"live\", \"cases\": [\"" + simulated + "\"]}"));
    assertCase(talk, simulated, "pass", "pass");
    JsonNode transcript = result(talk, simulated).get("transcript");
    assertEquals("Do you have any offers on lamps?", transcript.get(0).get("text").asText(), transcript.toString());
    assertEquals(2, transcript.size(), "the customer ended the conversation once answered: " + transcript);
    assertTrue(result(talk, simulated).get("evaluationTokens").asLong() > 0);
  }

  @Test
  void casesAreCheckedFieldByFieldAndKeptForTheirTenantsAdminsOnly() throws Exception {
    tenant = "initech";
    assertRefused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"sparkles\": true}]}", "expect[0].sparkles");
    assertRefused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"contains\": {\"pattern\": \"(open\"}}]}",
        "expect[0].contains.pattern");
    assertRefused("{\"name\": \"x\", \"messages\": " + JSON.writeValueAsString(java.util.Collections.nCopies(21, "hi"))
        + ", \"expect\": [{\"handoff\": false}]}", "messages: at most 20");
    assertRefused("{\"name\": \"x\", \"simulatedCustomer\": {\"persona\": \"p\", \"goal\": \"g\", \"maxTurns\": 11},"
        + " \"expect\": [{\"handoff\": false}]}", "simulatedCustomer.maxTurns");
    assertRefused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"answerSource\": \"greeting\"}]}",
        "expect[0].answerSource");
    assertRefused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"noPersonalDataToModel\": true}]}",
        "personalData");
    assertEquals(403, TestIdentity.call(node.httpPort(), "GET", "/v1/evaluations/cases?tenant=initech",
        "Bearer " + TestIdentity.agentKey("initech"), null).statusCode(), "an agent");

    String id = create("{\"name\": \"hours\", \"messages\": [\"When are you open?\"], \"expect\": [{\"contains\": \"open\"}]}");
    assertEquals("hours", json(admin("GET", "/v1/evaluations/cases/" + id, null)).get("name").asText());
    JsonNode replaced = json(admin("PUT", "/v1/evaluations/cases/" + id,
        "{\"name\": \"opening hours\", \"messages\": [\"When are you open?\"], \"expect\": [{\"contains\": \"9\"}]}"));
    assertEquals("opening hours", replaced.get("name").asText());
    assertEquals(400, admin("PUT", "/v1/evaluations/cases/" + id, "{\"name\": \"x\"}").statusCode());
    JsonNode exported = json(admin("GET", "/v1/evaluations/cases/export", null));
    assertEquals(1, exported.get("cases").size());
    tenant = "umbrella";
    assertEquals(404, admin("GET", "/v1/evaluations/cases/" + id, null).statusCode(), "another tenant's case");
    HttpResponse<String> badImport = admin("POST", "/v1/evaluations/cases/import",
        "{\"cases\": [" + exported.get("cases").get(0) + ", {\"name\": \"y\"}]}");
    assertEquals(400, badImport.statusCode());
    assertTrue(badImport.body().contains("cases[1]."), badImport.body());
    assertEquals(0, json(admin("GET", "/v1/evaluations/cases", null)).get("cases").size(), "all or nothing");
    assertEquals(1, json(admin("POST", "/v1/evaluations/cases/import", exported.toString())).get("cases").size());
    assertEquals("opening hours", json(admin("GET", "/v1/evaluations/cases", null)).get("cases").get(0).get("name").asText());
    tenant = "initech";
    assertEquals(204, admin("DELETE", "/v1/evaluations/cases/" + id, null).statusCode());
    assertEquals(404, admin("GET", "/v1/evaluations/cases/" + id, null).statusCode());
    assertEquals(400, admin("POST", "/v1/evaluations/runs", "{\"config\": \"staging\"}").statusCode());
    assertEquals(404, admin("POST", "/v1/evaluations/runs", "{\"config\": 7}").statusCode());
    assertEquals(400, admin("POST", "/v1/evaluations/runs", "{\"config\": \"live\"}").statusCode(), "no cases to run");
  }

  /** A run whose node was killed (its row left running, its node silent since) is marked interrupted by the nodes alive. */
  @Test
  void aRunLeftRunningByANodeGoneSilentIsMarkedInterrupted() throws Exception {
    tenant = "umbrella";
    DatabaseSettings database = node.database();
    Instant longAgo = Instant.now().minus(Duration.ofHours(1));
    try (Connection connection = DriverManager.getConnection(database.url(), database.user().orElse(null),
        database.password().orElse(null));
        PreparedStatement insert = connection.prepareStatement("INSERT INTO evaluation_run (tenant, run_id, draft,"
            + " config_version, status, node, started_at, alive_at, document) VALUES (?, ?, false, 0, 'running', ?, ?, ?, ?)")) {
      insert.setString(1, "umbrella");
      insert.setString(2, "left-behind");
      insert.setString(3, "10.9.9.9:25520");
      insert.setLong(4, longAgo.toEpochMilli());
      insert.setLong(5, longAgo.toEpochMilli());
      insert.setString(6, "{\"runId\": \"left-behind\", \"config\": {\"asked\": \"live\", \"draft\": false, \"version\": 0},"
          + " \"status\": \"running\", \"startedAt\": \"" + longAgo + "\", \"total\": 3, \"done\": 1,"
          + " \"counts\": {\"pass\": 1, \"fail\": 0, \"error\": 0}, \"cases\": []}");
      insert.executeUpdate();
    }
    await("interrupted run").atMost(Duration.ofSeconds(20)).until(() ->
        json(admin("GET", "/v1/evaluations/runs/left-behind", null)).get("status").asText().equals("interrupted"));
    tenant = "acme";
    assertEquals(404, admin("GET", "/v1/evaluations/runs/left-behind", null).statusCode(), "another tenant's run");
  }

  private void assertGateRefuses(String reason) throws Exception {
    HttpResponse<String> refused = admin("POST", "/v1/config/draft/publish", null);
    assertEquals(409, refused.statusCode(), refused.body());
    assertTrue(refused.body().contains(reason), refused.body());
  }

  private void assertRefused(String document, String field) throws Exception {
    HttpResponse<String> refused = admin("POST", "/v1/evaluations/cases", document);
    assertEquals(400, refused.statusCode(), refused.body());
    assertTrue(JSON.readTree(refused.body()).get("error").get("message").asText().startsWith(field), refused.body());
  }

  /** The case's verdict, then each expectation's, in order. */
  private static void assertCase(JsonNode run, String caseId, String verdict, String... expectations) {
    JsonNode result = result(run, caseId);
    assertEquals(verdict, result.get("verdict").asText(), result.toString());
    List<String> verdicts = new ArrayList<>();
    result.get("expectations").forEach(e -> verdicts.add(e.get("verdict").asText()));
    assertEquals(List.of(expectations), verdicts, result.toString());
  }

  private static JsonNode result(JsonNode run, String caseId) {
    for (JsonNode one : run.get("cases")) if (one.get("caseId").asText().equals(caseId)) return one;
    throw new AssertionError("no case " + caseId + " in " + run);
  }

  private static List<String> roles(JsonNode result) {
    List<String> roles = new ArrayList<>();
    result.get("transcript").forEach(line -> roles.add(line.get("role").asText()));
    return roles;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(item -> texts.add(item.asText()));
    return texts;
  }

  private String create(String document) throws Exception {
    HttpResponse<String> created = admin("POST", "/v1/evaluations/cases", document);
    assertEquals(201, created.statusCode(), created.body());
    return JSON.readTree(created.body()).get("caseId").asText();
  }

  private JsonNode start(String body) throws Exception {
    HttpResponse<String> started = admin("POST", "/v1/evaluations/runs", body);
    assertEquals(202, started.statusCode(), started.body());
    JsonNode run = JSON.readTree(started.body());
    assertEquals("running", run.get("status").asText());
    assertEquals(0, run.get("done").asInt());
    return run;
  }

  /** Waits for the run to finish, reading its progress meanwhile, and answers it finished. */
  private JsonNode finished(JsonNode started) throws Exception {
    String path = "/v1/evaluations/runs/" + started.get("runId").asText();
    Map<String, JsonNode> last = new HashMap<>();
    await("finished run").atMost(Duration.ofSeconds(90)).until(() -> {
      JsonNode run = json(admin("GET", path, null));
      assertTrue(run.get("done").asInt() <= run.get("total").asInt(), run.toString());
      last.put("run", run);
      return !run.get("status").asText().equals("running");
    });
    JsonNode run = last.get("run");
    assertEquals("finished", run.get("status").asText(), run.toString());
    return run;
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertFalse(response.statusCode() >= 300, response.statusCode() + " " + response.body());
    return JSON.readTree(response.body());
  }

  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + (path.contains("?") ? "&" : "?") + "tenant=" + tenant, body);
  }
}
