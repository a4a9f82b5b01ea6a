package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Experiments as an admin runs them on a node with a fake model: 200 new conversations split
 * between the live version and the draft by the share, each keeping its configuration to its end
 * (a publish in the middle moves none), the experiment's figures the same as the conversations'
 * own; one experiment at a time; stop, promote (refused by the evaluation gate with its reason,
 * then through it), and a publish or rollback ending the running one, which its record says.
 */
class ExperimentsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final int CONVERSATIONS = 200;
  private static final int HELD_OPEN = 10;

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo));

  @Test
  void newConversationsAreSplitKeepTheirVersionAndTheFiguresAreTheirsThenStopAndPromote() throws Exception {
    Instant from = Instant.now().minusSeconds(1);
    admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\"}}");
    assertEquals(2, json(admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Bea\"}}")).get("version").asInt());
    assertEquals(1, json(admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Max\"}}")).get("draft").asInt());

    String body = "{\"candidate\": \"draft\", \"share\": 0.5}";
    assertEquals(403, TestIdentity.call(node.httpPort(), "POST", "/v1/experiments?tenant=acme",
        "Bearer " + TestIdentity.agentKey(TENANT), body).statusCode(), "an agent");
    assertEquals(403, TestIdentity.call(node.httpPort(), "POST", "/v1/experiments?tenant=acme",
        "Bearer " + TestIdentity.customerToken(TENANT, Optional.of("ada")), body).statusCode(), "a customer");
    assertEquals(400, admin("POST", "/v1/experiments", "{\"candidate\": \"draft\", \"share\": 1.5}").statusCode());
    assertEquals(400, admin("POST", "/v1/experiments", "{\"candidate\": \"live\", \"share\": 0.5}").statusCode());
    HttpResponse<String> started = admin("POST", "/v1/experiments", body);
    assertEquals(201, started.statusCode(), started.body());
    JsonNode experiment = JSON.readTree(started.body());
    assertEquals(1, experiment.get("id").asInt());
    assertEquals(1, experiment.get("candidate").get("draft").asInt());
    assertEquals(2, experiment.get("liveVersion").asInt());
    HttpResponse<String> second = admin("POST", "/v1/experiments", "{\"candidate\": 1, \"share\": 0.2}");
    assertEquals(409, second.statusCode(), "one at a time: " + second.body());

    // Conversations held open over a publish keep their arm's configuration.
    List<ChatClient> held = new ArrayList<>();
    Map<String, ChatClient> heldById = new HashMap<>();
    for (int i = 0; i < HELD_OPEN; i++) {
      ChatClient customer = ChatClient.connectAs(node.httpPort(), TENANT, Optional.empty());
      String id = customer.startNew();
      customer.answerOf(customer.say("c-1", "Hello").get("turnId").asText());
      held.add(customer);
      heldById.put(id, customer);
    }
    List<String> ids = new ArrayList<>(heldById.keySet());
    for (int i = HELD_OPEN; i < CONVERSATIONS; i++) {
      Optional<String> user = Optional.of("customer-" + i);
      String id = ConversationsEndToEndTest.converse(node.httpPort(), TENANT, user, List.of("Where is my order " + i + "?"));
      ids.add(id);
      if (i % 4 == 0) {
        HttpResponse<String> rated = TestIdentity.call(node.httpPort(), "POST", "/v1/sessions/" + id + "/rating?tenant=acme",
            "Bearer " + TestIdentity.customerToken(TENANT, user), "{\"score\": " + (1 + i % 5) + "}");
        assertEquals(201, rated.statusCode(), rated.body());
      }
    }
    Map<String, String> armOf = new HashMap<>();
    for (String id : ids) {
      JsonNode view = json(admin("GET", "/v1/sessions/" + id, null));
      String arm = view.get("experiment").get("arm").asText();
      assertEquals(1, view.get("experiment").get("id").asInt());
      assertEquals(arm.equals("candidate") ? 1 : 2, view.get("botConfigVersion").asInt(), view.toString());
      armOf.put(id, arm);
    }
    long candidates = armOf.values().stream().filter("candidate"::equals).count();
    assertTrue(candidates >= 80 && candidates <= 120, candidates + " of " + CONVERSATIONS + " on the candidate");

    assertEquals(3, json(admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Cid\"}}")).get("version").asInt());
    JsonNode ended = json(admin("GET", "/v1/experiments/1", null));
    assertEquals("ended", ended.get("status").asText());
    assertEquals("published", ended.get("ended").get("reason").asText());
    assertEquals(3, ended.get("ended").get("version").asInt());
    for (Map.Entry<String, ChatClient> open : heldById.entrySet()) {
      ChatClient customer = open.getValue();
      customer.answerOf(customer.say("c-2", "Still there?").get("turnId").asText());
      String expected = armOf.get(open.getKey()).equals("candidate") ? "You are Max," : "You are Bea,";
      assertTrue(systemPrompt().startsWith(expected), "a publish moves no running conversation: " + systemPrompt());
      customer.send(ChatClient.frame("close").put("reason", "resolved"));
      customer.expect("closed");
      customer.close();
    }
    String after = ConversationsEndToEndTest.converse(node.httpPort(), TENANT, Optional.empty(), List.of("Hi"));
    assertFalse(json(admin("GET", "/v1/sessions/" + after, null)).hasNonNull("experiment"), "the experiment ended");

    assertFiguresAreTheConversationsOwn(from, ids, armOf);
    assertStopPromoteAndRollback();
  }

  /** The experiment's figures per arm against the conversations list's rows and the analytics of the same sessions. */
  private void assertFiguresAreTheConversationsOwn(Instant from, List<String> ids, Map<String, String> armOf)
      throws Exception {
    String range = "from=" + from + "&to=" + Instant.now().plusSeconds(60);
    List<JsonNode> rows = await("every conversation of the experiment closed in the read model").atMost(Duration.ofSeconds(30))
        .until(() -> rows(range), listed -> listed.stream()
            .filter(row -> row.hasNonNull("experiment") && row.get("status").asText().equals("closed")).count() == ids.size());
    assertExportNamesTheArms(range, armOf);
    JsonNode figures = json(admin("GET", "/v1/experiments/1", null)).get("figures");
    int conversations = 0;
    for (String arm : List.of("live", "candidate")) {
      List<JsonNode> ofArm = rows.stream().filter(row -> row.hasNonNull("experiment")
          && row.get("experiment").get("arm").asText().equals(arm)).toList();
      ofArm.forEach(row -> assertEquals(armOf.get(row.get("sessionId").asText()), arm));
      JsonNode figure = figures.get(arm);
      assertEquals(ofArm.size(), figure.get("conversations").asInt(), arm);
      long contained = ofArm.stream().filter(row -> row.path("resolvedBy").asText().equals("bot")).count();
      long closed = ofArm.stream().filter(row -> row.hasNonNull("resolvedBy")).count();
      assertEquals(closed, figure.get("closed").asInt(), arm);
      assertEquals((double) contained / closed, figure.get("containment").get("value").asDouble(), 1e-9, arm);
      JsonNode containment = figure.get("containment");
      assertTrue(containment.get("low").asDouble() <= containment.get("value").asDouble()
          && containment.get("value").asDouble() <= containment.get("high").asDouble(), containment.toString());
      List<Integer> ratings = ofArm.stream().filter(row -> row.hasNonNull("rating")).map(row -> row.get("rating").asInt())
          .toList();
      assertEquals(ratings.size(), figure.get("csat").get("count").asInt(), arm);
      assertEquals(ratings.stream().mapToInt(Integer::intValue).average().orElseThrow(),
          figure.get("csat").get("mean").get("value").asDouble(), 1e-9, arm);
      double tokens = ofArm.stream().mapToLong(row -> row.get("tokens").get("prompt").asLong()
          + row.get("tokens").get("completion").asLong()).average().orElseThrow();
      assertEquals(tokens, figure.get("tokensPerConversation").get("value").asDouble(), 1e-6, arm);
      conversations += ofArm.size();
    }
    assertEquals(ids.size(), conversations);
    JsonNode difference = figures.get("difference").get("containment");
    assertEquals(figures.get("candidate").get("containment").get("value").asDouble()
        - figures.get("live").get("containment").get("value").asDouble(), difference.get("value").asDouble(), 1e-9);
    // The analytics' hourly rollups follow the conversations' rows: the last one may land a moment later.
    JsonNode total = await("the analytics count the same conversations, and one after").atMost(Duration.ofSeconds(20)).until(
        () -> json(admin("GET", "/v1/analytics?" + range + "&interval=day", null)).get("total"),
        seen -> seen.get("conversations").asInt() == ids.size() + 1);
    assertEquals(ids.size() + 1, total.get("conversations").asInt());
  }

  private void assertStopPromoteAndRollback() throws Exception {
    JsonNode second = json(admin("POST", "/v1/experiments", "{\"candidate\": 1, \"share\": 0.3}"));
    assertEquals(2, second.get("id").asInt());
    assertEquals(1, second.get("candidate").get("version").asInt());
    JsonNode stopped = json(admin("POST", "/v1/experiments/2/stop", null));
    assertEquals("stopped", stopped.get("ended").get("reason").asText());
    assertEquals(409, admin("POST", "/v1/experiments/2/stop", null).statusCode(), "stopped already");
    String after = ConversationsEndToEndTest.converse(node.httpPort(), TENANT, Optional.empty(), List.of("Hi"));
    assertFalse(json(admin("GET", "/v1/sessions/" + after, null)).hasNonNull("experiment"), "new conversations go live again");

    // The live version sets an evaluation gate: a candidate never evaluated is refused, saying why.
    assertEquals(4, json(admin("PUT", "/v1/config",
        "{\"config\": {\"assistantName\": \"Gil\", \"evaluationGate\": {\"minPassRate\": 0.8}}}")).get("version").asInt());
    assertEquals(2, json(admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Max\"}}")).get("draft").asInt());
    json(admin("POST", "/v1/experiments", "{\"candidate\": \"draft\", \"share\": 0.5}"));
    HttpResponse<String> gated = admin("POST", "/v1/experiments/3/promote", null);
    assertEquals(409, gated.statusCode(), gated.body());
    assertTrue(JSON.readTree(gated.body()).get("error").get("message").asText()
        .startsWith("the evaluation gate asks for a finished evaluation run of draft 2"), gated.body());
    assertEquals("running", json(admin("GET", "/v1/experiments/3", null)).get("status").asText());

    json(admin("POST", "/v1/config/rollback", "{\"version\": 2}"));
    JsonNode rolledBack = json(admin("GET", "/v1/experiments/3", null));
    assertEquals("rolled_back", rolledBack.get("ended").get("reason").asText());

    json(admin("POST", "/v1/experiments", "{\"candidate\": \"draft\", \"share\": 0.5}"));
    JsonNode promoted = json(admin("POST", "/v1/experiments/4/promote", null));
    assertEquals("promoted", promoted.get("experiment").get("ended").get("reason").asText());
    assertEquals(6, promoted.get("version").get("version").asInt());
    assertEquals("Max", json(admin("GET", "/v1/config", null)).get("config").get("assistantName").asText());
    assertEquals(404, admin("GET", "/v1/config/draft", null).statusCode(), "the promoted draft is live, not a draft");
    JsonNode listed = json(admin("GET", "/v1/experiments", null)).get("experiments");
    assertEquals(4, listed.size());
    assertEquals(4, listed.get(0).get("id").asInt(), "newest first");
    assertEquals(404, admin("GET", "/v1/experiments/9", null).statusCode());

    for (String action : List.of("experiment.start", "experiment.stop", "experiment.promote")) {
      await(action + " in the audit log").atMost(Duration.ofSeconds(10)).until(
          () -> json(admin("GET", "/v1/audit?action=" + action, null)).get("entries"), entries -> !entries.isEmpty());
    }
  }

  /** The export names each conversation's experiment and arm, in JSON lines and in CSV. */
  private void assertExportNamesTheArms(String range, Map<String, String> armOf) throws Exception {
    HttpResponse<String> exported = admin("GET", "/v1/conversations/export?" + range, null);
    assertEquals(200, exported.statusCode(), exported.body());
    int named = 0;
    for (String line : exported.body().split("\n")) {
      JsonNode row = JSON.readTree(line);
      String arm = armOf.get(row.get("sessionId").asText());
      if (arm == null) continue;
      assertEquals(1, row.get("experiment").get("id").asInt(), line);
      assertEquals(arm, row.get("experiment").get("arm").asText(), line);
      named++;
    }
    assertEquals(armOf.size(), named, "every conversation of the experiment exported");
    List<String> csv = List.of(admin("GET", "/v1/conversations/export?format=csv&" + range, null).body().split("\n"));
    assertTrue(csv.get(0).endsWith(",experiment,experimentArm"), csv.get(0));
    String first = armOf.keySet().iterator().next();
    String line = csv.stream().filter(l -> l.startsWith(first + ",")).findFirst().orElseThrow();
    assertTrue(line.endsWith(",1," + armOf.get(first)), line);
  }

  private List<JsonNode> rows(String range) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    String cursor = "";
    do {
      JsonNode page = json(admin("GET", "/v1/conversations?" + range + "&limit=200" + cursor, null));
      page.get("conversations").forEach(rows::add);
      cursor = page.hasNonNull("next") ? "&cursor=" + page.get("next").asText() : "";
    } while (!cursor.isEmpty());
    return rows;
  }

  private String systemPrompt() {
    return node.model().lastRequest().body().get("messages").get(0).get("content").asText();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertFalse(response.statusCode() >= 300, response.statusCode() + " " + response.body());
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + (path.contains("?") ? "&" : "?") + "tenant=" + TENANT, body);
  }
}
