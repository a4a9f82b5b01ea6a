package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replay as a support lead uses it: real customer conversations on the live version are closed
 * and archived, then the tenant's latest ones are played again on a draft whose instructions change
 * the bot's answers, and the judge (a fake model speaking the chat-completions wire format, asked
 * with the {@code replay_comparison} schema) tells, for each, whether the new answers are better or
 * worse than the live ones, or breaks its schema and the replay is an error. The customers' personal
 * data reaches no model, and the evaluation's tokens are the tenant's budget's own line.
 */
class EvaluationReplayEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "ada@example.com";
  private static final String SALE = "Yes! Our spring sale ends on Sunday.";
  private static final String REFUND = "We offer a refund within 30 days of delivery.";

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(EvaluationReplayEndToEndTest::answer),
      Map.of("parley.tenant-budget.tokens-per-day", "100000000"));

  /** The bot as its system prompt says, and the replay's judge: better when the sale answers a question about offers. */
  private static String answer(RecordedRequest request) {
    JsonNode body = request.body();
    String system = body.get("messages").get(0).get("content").asText();
    String conversation = request.lastUserMessage();
    if (body.has("response_format")) {
      assertEquals("replay_comparison", body.get("response_format").get("json_schema").get("name").asText());
      if (conversation.contains("prose")) return "Much the same, I would say.";
      if (!conversation.contains("New answer: " + SALE)) return "{\"verdict\": \"as good\", \"reason\": \"Same answers.\"}";
      return conversation.contains("offers") ? "{\"verdict\": \"better\", \"reason\": \"It names the sale the customer asked about.\"}"
          : "{\"verdict\": \"worse\", \"reason\": \"It answers a refund question with a sale.\"}";
    }
    return system.contains("Mention the spring sale") ? SALE : REFUND;
  }

  @Test
  void theLatestArchivedConversationsPlayedOnADraftAreJudgedAgainstTheirLiveAnswers() throws Exception {
    json(admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\", \"answerCache\": false}}"));
    String oldest = converse("Hello there");
    String refunds = converse("Can I get a refund?");
    String offers = converse("Do you have any offers on lamps?");
    String prose = converse("My email is " + EMAIL + ", tell me in prose where my order is.");
    for (String id : List.of(oldest, refunds, offers, prose)) {
      await("archived " + id).atMost(Duration.ofSeconds(30)).until(() ->
          json(admin("GET", "/v1/sessions/" + id, null)).get("status").asText().equals("archived"));
    }
    await("closed in the read model").atMost(Duration.ofSeconds(30)).until(() ->
        json(admin("GET", "/v1/conversations?status=closed", null)).get("conversations").size() == 4);
    json(admin("PUT", "/v1/config/draft", "{\"config\": {\"assistantName\": \"Ava\", \"answerCache\": false,"
        + " \"instructions\": \"Mention the spring sale.\"}}"));

    assertEquals(400, admin("POST", "/v1/evaluations/runs", "{\"config\": \"draft\", \"replay\": 0}").statusCode());
    HttpResponse<String> started = admin("POST", "/v1/evaluations/runs", "{\"config\": \"draft\", \"replay\": 3}");
    assertEquals(202, started.statusCode(), started.body());
    JsonNode run = finished(JSON.readTree(started.body()).get("runId").asText());
    assertEquals(3, run.get("total").asInt(), run.toString());
    assertEquals(3, run.get("replayTotal").asInt());
    assertTrue(run.path("passRate").isMissingNode() || run.get("passRate").isNull(), "no case, no pass rate: " + run);
    JsonNode counts = run.get("replayCounts");
    assertEquals(List.of(1, 0, 1, 1), List.of(counts.get("better").asInt(), counts.get("asGood").asInt(),
        counts.get("worse").asInt(), counts.get("error").asInt()), run.toString());

    Map<String, JsonNode> replays = new HashMap<>();
    run.get("replays").forEach(r -> replays.put(r.get("archivedSessionId").asText(), r));
    assertEquals(java.util.Set.of(refunds, offers, prose), replays.keySet(), "the three latest, not the oldest");
    JsonNode worse = replays.get(refunds);
    assertEquals("worse", worse.get("verdict").asText());
    assertEquals("It answers a refund question with a sale.", worse.get("reason").asText());
    JsonNode turn = worse.get("turns").get(0);
    assertEquals(List.of("Can I get a refund?", REFUND, SALE),
        List.of(turn.get("customer").asText(), turn.get("live").asText(), turn.get("replayed").asText()));
    assertTrue(worse.get("tokens").asLong() > 0 && worse.get("evaluationTokens").asLong() > 0, worse.toString());
    assertEquals("better", replays.get(offers).get("verdict").asText());
    JsonNode broken = replays.get(prose);
    assertEquals("error", broken.get("verdict").asText());
    assertTrue(broken.get("error").asText().contains("schema replay_comparison"), broken.toString());
    String replayed = broken.get("turns").get(0).get("customer").asText();
    assertFalse(replayed.contains(EMAIL), "the customer's message is replayed redacted: " + replayed);
    for (RecordedRequest request : node.model().requests()) {
      assertFalse(request.body().toString().contains(EMAIL), "no model got the email: " + request.body());
    }
    JsonNode session = json(admin("GET", "/v1/sessions/" + worse.get("sessionId").asText(), null));
    assertEquals("evaluation", session.get("channel").asText(), "replayed as an evaluation session: " + session);
    assertEquals(4, json(admin("GET", "/v1/conversations?status=closed", null)).get("conversations").size(),
        "the replay's sessions are no customer's conversations");

    String metrics = OpsClient.withToken(node.httpPort()).get("/metrics").body();
    assertTrue(lineUsed(metrics, "evaluation") > 0, metrics);
    assertTrue(lineUsed(metrics, "conversations") > 0, metrics);
  }

  /** The tokens the tenant's budget line used today, as the node's gauge shows it. */
  private static double lineUsed(String metrics, String line) {
    Matcher used = Pattern.compile("parley_tenant_tokens_today_by_line\\{line=\"" + line + "\",tenant=\"acme\"} (\\S+)")
        .matcher(metrics);
    if (used.find()) return Double.parseDouble(used.group(1));
    Matcher swapped = Pattern.compile("parley_tenant_tokens_today_by_line\\{tenant=\"acme\",line=\"" + line + "\"} (\\S+)")
        .matcher(metrics);
    return swapped.find() ? Double.parseDouble(swapped.group(1)) : 0;
  }

  /** A customer's conversation on the live version: one message answered, then closed by the client. */
  private static String converse(String text) {
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = client.startNew();
      client.say("c-1", text);
      client.answerOf("turn-1");
      client.send(ChatClient.frame("close").put("reason", "resolved"));
      client.expect("closed");
      return sessionId;
    }
  }

  private static JsonNode finished(String runId) throws Exception {
    List<JsonNode> last = new ArrayList<>(List.of(JSON.nullNode()));
    await("finished run").atMost(Duration.ofSeconds(90)).until(() -> {
      JsonNode run = json(admin("GET", "/v1/evaluations/runs/" + runId, null));
      last.set(0, run);
      return !run.get("status").asText().equals("running");
    });
    assertEquals("finished", last.get(0).get("status").asText(), last.get(0).toString());
    return last.get(0);
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertFalse(response.statusCode() >= 300, response.statusCode() + " " + response.body());
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + (path.contains("?") ? "&" : "?") + "tenant=acme", body);
  }
}
