package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Drafts, as an admin uses them over HTTP: a draft saved beside the live version changes no
 * customer's session, a test session started on it (by staff who configure the bot only) runs with
 * it, and publishing it makes it the next version; discarding it leaves the live one as it was;
 * a draft saved or published, a version published or rolled back, with a {@code baseVersion} another
 * publish overtook is refused with 409.
 */
class BotConfigDraftEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One node for the class: each test configures a tenant of its own, whose versions and draft nobody else writes. */
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo));
  // The tenant this test configures, as its admin.
  private String tenant;

  @Test
  void aDraftIsTriedInATestSessionWithoutTouchingCustomersThenPublished() throws Exception {
    tenant = "acme";
    assertEquals(1, json(admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\"}}")).get("version").asInt());
    JsonNode draft = json(admin("PUT", "/v1/config/draft",
        "{\"config\": {\"assistantName\": \"Max\", \"instructions\": \"Mention the spring sale.\"}, \"message\": \"spring\"}"));
    assertEquals(1, draft.get("draft").asInt());
    assertEquals("Max", draft.get("config").get("assistantName").asText());

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.startNew();
      customer.answerOf(customer.say("c-1", "Hello").get("turnId").asText());
      assertTrue(systemPrompt().startsWith("You are Ava,"), "customers keep the live version: " + systemPrompt());
    }
    assertEquals(1, json(admin("GET", "/v1/config", null)).get("version").asInt(), "the draft is not live");

    String draftBody = "{\"draft\": true}";
    assertEquals(403, TestIdentity.call(node.httpPort(), "POST", "/v1/sessions?tenant=acme",
        "Bearer " + TestIdentity.customerToken("acme", Optional.of("ada")), draftBody).statusCode(), "a customer");
    assertEquals(403, TestIdentity.call(node.httpPort(), "POST", "/v1/sessions?tenant=acme",
        "Bearer " + TestIdentity.agentKey("acme"), draftBody).statusCode(), "an agent");
    assertEquals(400, admin("POST", "/v1/sessions", "{\"draft\": \"yes\"}").statusCode());

    String testSession = json(admin("POST", "/v1/sessions", draftBody)).get("sessionId").asText();
    JsonNode answer = json(admin("POST", "/v1/sessions/" + testSession + "/messages",
        "{\"clientMsgId\": \"t-1\", \"text\": \"Any offers?\"}"));
    assertEquals("assistant", answer.get("role").asText());
    assertTrue(systemPrompt().startsWith("You are Max,") && systemPrompt().contains("Mention the spring sale."),
        "the test session runs on the draft: " + systemPrompt());
    JsonNode view = json(admin("GET", "/v1/sessions/" + testSession, null));
    assertTrue(view.get("botConfigDraft").asBoolean(), view.toString());
    assertEquals(1, view.get("botConfigVersion").asInt(), "the draft's number");

    assertTestSessionFromTheChatSocket();

    JsonNode published = json(admin("POST", "/v1/config/draft/publish", null));
    assertEquals(2, published.get("version").asInt());
    assertEquals("spring", published.get("message").asText());
    assertEquals(404, admin("GET", "/v1/config/draft", null).statusCode(), "published: no draft any more");
    assertEquals(404, admin("POST", "/v1/sessions", draftBody).statusCode(), "no draft to try");
    List<String> changed = new ArrayList<>();
    json(admin("GET", "/v1/config/diff?from=1&to=2", null)).get("changes").forEach(c -> changed.add(c.get("setting").asText()));
    assertEquals(List.of("assistantName", "instructions"), changed);
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      customer.startNew();
      customer.answerOf(customer.say("c-1", "Hello").get("turnId").asText());
      assertTrue(systemPrompt().startsWith("You are Max,"), "published: customers get it: " + systemPrompt());
    }
  }

  @Test
  void anInvalidDraftListsEveryProblemAndADiscardedOneLeavesTheLiveVersion() throws Exception {
    tenant = "globex";
    HttpResponse<String> invalid = admin("PUT", "/v1/config/draft",
        "{\"config\": {\"voice\": {\"speed\": 9}, \"greeting\": \"\"}}");
    assertEquals(400, invalid.statusCode());
    assertEquals(2, JSON.readTree(invalid.body()).get("error").get("problems").size(), invalid.body());
    assertEquals(404, admin("GET", "/v1/config/draft", null).statusCode(), "nothing saved");
    assertEquals(404, admin("DELETE", "/v1/config/draft", null).statusCode());
    assertEquals(404, admin("POST", "/v1/config/draft/publish", null).statusCode());

    admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Max\"}}");
    assertEquals(2, json(admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Mia\"}}")).get("draft").asInt(),
        "a new draft replaces the one before");
    assertEquals("Mia", json(admin("DELETE", "/v1/config/draft", null)).get("config").get("assistantName").asText());
    assertEquals(404, admin("GET", "/v1/config/draft", null).statusCode());
    assertEquals(404, admin("GET", "/v1/config", null).statusCode(), "nothing was ever published");

    assertStaleDraftIsRefused();
  }

  /**
   * {@code PUT /v1/config} and {@code POST /v1/config/rollback} take the same precondition as a
   * draft: written from a version another publish overtook, they are refused with 409 and publish nothing.
   */
  @Test
  void aStalePublishOrRollbackIsRefusedWithConflictAndPublishesNothing() throws Exception {
    tenant = "initech";
    assertEquals(1, json(admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\"}, \"baseVersion\": 0}"))
        .get("version").asInt());
    assertEquals(2, json(admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Max\"}, \"baseVersion\": 1}"))
        .get("version").asInt());

    HttpResponse<String> stale = admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Mia\"}, \"baseVersion\": 1}");
    assertEquals(409, stale.statusCode(), stale.body());
    assertTrue(JSON.readTree(stale.body()).get("error").get("message").asText().startsWith("version 2 is live, not version 1"));
    HttpResponse<String> staleSame = admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Max\"}, \"baseVersion\": 1}");
    assertEquals(409, staleSame.statusCode(), "checked before the document is compared: " + staleSame.body());
    HttpResponse<String> staleRollback = admin("POST", "/v1/config/rollback", "{\"version\": 1, \"baseVersion\": 1}");
    assertEquals(409, staleRollback.statusCode(), staleRollback.body());
    assertEquals(400, admin("PUT", "/v1/config", "{\"config\": {}, \"baseVersion\": -1}").statusCode());
    assertEquals(400, admin("POST", "/v1/config/rollback", "{\"version\": 1, \"baseVersion\": \"2\"}").statusCode());
    JsonNode live = json(admin("GET", "/v1/config", null));
    assertEquals(2, live.get("version").asInt(), "nothing published");
    assertEquals("Max", live.get("config").get("assistantName").asText());

    JsonNode rolledBack = json(admin("POST", "/v1/config/rollback", "{\"version\": 1, \"baseVersion\": 2}"));
    assertEquals(3, rolledBack.get("version").asInt());
    assertEquals("Ava", rolledBack.get("config").get("assistantName").asText());
    assertEquals(4, json(admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ida\"}}")).get("version").asInt(),
        "without a precondition, as before");
  }

  /**
   * Two admins: one writes a draft from version 1 while the other publishes version 2; saving or
   * publishing with {@code "baseVersion": 1} is refused with 409 naming version 2, and changes nothing.
   */
  @Test
  void aProcedureThatCannotRunIsRefusedAtDraftTimeNamingItsStep() throws Exception {
    tenant = "umbrella";
    String procedure = """
        {"config": {"procedures": [{"name": "refund", "description": "A customer wants their money back",
          "inputs": {"type": "object", "properties": {"order": {"type": "string"}}},
          "steps": [
            {"tool": "create_ticket", "arguments": {"subject": "Refund {{inputs.order}}"}, "as": "ticket"},
            {"check": "%s", "otherwise": [{"handoff": "no ticket"}]},
            {"tool": "%s", "arguments": {"order": "{{inputs.order}}"}, "as": "refund"}]}]}}
        """;
    HttpResponse<String> invalid = admin("PUT", "/v1/config/draft", procedure.formatted("ticket.id +", "refund_order"));
    assertEquals(400, invalid.statusCode(), invalid.body());
    List<String> problems = new ArrayList<>();
    JSON.readTree(invalid.body()).get("error").get("problems").forEach(problem -> problems.add(problem.asText()));
    assertEquals(2, problems.size(), problems::toString);
    assertTrue(problems.get(0).startsWith("procedures[0].steps[1].check: does not compile"), problems::toString);
    assertTrue(problems.get(1).startsWith("procedures[0].steps[2].tool: no tool is named refund_order"), problems::toString);
    assertEquals(404, admin("GET", "/v1/config/draft", null).statusCode(), "nothing saved");

    JsonNode saved = json(admin("PUT", "/v1/config/draft", procedure.formatted("has(ticket.id)", "create_ticket")));
    JsonNode steps = saved.get("config").get("procedures").get(0).get("steps");
    assertEquals("has(ticket.id)", steps.get(1).get("check").asText());
    assertEquals("no ticket", steps.get(1).get("otherwise").get(0).get("handoff").asText());
  }

  private void assertStaleDraftIsRefused() throws Exception {
    assertEquals("Max", json(admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Max\"}, \"baseVersion\": 0}"))
        .get("config").get("assistantName").asText(), "based on nothing published, while nothing is");
    assertEquals(1, json(admin("POST", "/v1/config/draft/publish", "{\"baseVersion\": 0}")).get("version").asInt());
    admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Mia\"}, \"baseVersion\": 1}");
    assertEquals(2, json(admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\"}}")).get("version").asInt(),
        "the other admin publishes meanwhile");

    HttpResponse<String> publish = admin("POST", "/v1/config/draft/publish", "{\"baseVersion\": 1}");
    assertEquals(409, publish.statusCode(), publish.body());
    JsonNode error = JSON.readTree(publish.body()).get("error");
    assertEquals("conflict", error.get("code").asText());
    assertTrue(error.get("message").asText().startsWith("version 2 is live, not version 1"), error.toString());
    assertEquals("Ava", json(admin("GET", "/v1/config", null)).get("config").get("assistantName").asText(), "nothing published");
    assertEquals("Mia", json(admin("GET", "/v1/config/draft", null)).get("config").get("assistantName").asText(), "the draft kept");

    HttpResponse<String> save = admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Zoe\"}, \"baseVersion\": 1}");
    assertEquals(409, save.statusCode(), save.body());
    assertEquals("Mia", json(admin("GET", "/v1/config/draft", null)).get("config").get("assistantName").asText(), "nothing saved");
    assertEquals(400, admin("POST", "/v1/config/draft/publish", "{\"baseVersion\": \"two\"}").statusCode());

    assertEquals(3, json(admin("POST", "/v1/config/draft/publish", "{\"baseVersion\": 2}")).get("version").asInt(),
        "based on the live version, it goes through");
    admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Ida\"}}");
    assertEquals(4, json(admin("POST", "/v1/config/draft/publish", null)).get("version").asInt(), "without a precondition, as before");
  }

  /**
   * The chat socket's {@code start} with {@code "draft": true}: refused to a customer with an error
   * frame (the socket stays usable), the admin's session runs on the draft and says so.
   */
  private void assertTestSessionFromTheChatSocket() throws Exception {
    try (ChatClient customer = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("ada"))) {
      customer.send(ChatClient.frame("start").put("draft", true));
      JsonNode refused = customer.expect("error");
      assertEquals("forbidden", refused.get("code").asText(), refused.toString());
      customer.startNew();
    }
    String adminToken = TestIdentity.signed(
        TestIdentity.claims("acme", Optional.of("ops"), List.of("admin")).build(), TestIdentity.SECRET);
    try (ChatClient admin = ChatClient.open(node.httpPort(), "/v1/chat/ws?tenant=acme&token=" + adminToken)) {
      admin.send(ChatClient.frame("start").put("draft", "yes"));
      assertEquals("bad_request", admin.expect("error").get("code").asText());
      admin.send(ChatClient.frame("start").put("draft", true));
      String id = admin.expect("session").get("sessionId").asText();
      admin.answerOf(admin.say("t-1", "Any offers?").get("turnId").asText());
      assertTrue(systemPrompt().startsWith("You are Max,"), "the socket's test session runs on the draft: " + systemPrompt());
      assertTrue(json(admin("GET", "/v1/sessions/" + id, null)).get("botConfigDraft").asBoolean());
    }
  }

  private String systemPrompt() {
    return node.model().lastRequest().body().get("messages").get(0).get("content").asText();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertFalse(response.statusCode() >= 300, response.statusCode() + " " + response.body());
    return JSON.readTree(response.body());
  }

  /** As the admin of this test's tenant. */
  private HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + (path.contains("?") ? "&" : "?") + "tenant=" + tenant, body);
  }
}
