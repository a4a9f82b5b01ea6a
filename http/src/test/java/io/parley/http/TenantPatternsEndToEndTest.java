package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.RecordedRequest;
import io.parley.core.llm.testing.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A tenant's pattern and CPU-bound work against another tenant's tool calls, on a real node: acme
 * runs evaluations whose cases look for {@code ((a+)+)+c} (a pattern java.util.regex never
 * finishes on a run of a's) in answers of thousands of a's, more cases at once than the JVM has
 * carriers for its virtual threads, while globex's customer asks for an order and the bot calls
 * globex's MCP server on loopback. The calls answer, and acme's runs finish with their verdicts.
 */
class TenantPatternsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "mcp-token-4e1b";
  private static final String ANSWER_IN_AS = "Answer with the letter a.";
  // More cases at once than there are carriers: each one's check once held a carrier for good.
  private static final int CASES = Runtime.getRuntime().availableProcessors() + 1;
  private static final int RUNS = 2;

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(
      () -> FakeChatCompletionsServer.start(TenantPatternsEndToEndTest::answer),
      Map.of("parley.evaluation.cases-at-once", CASES * RUNS));

  @AutoClose private JavaMcpServer orders;

  /** acme's bot answers in a's; globex's reads its tool's result back. */
  static String answer(RecordedRequest request) {
    String system = request.body().get("messages").get(0).get("content").asText();
    return system.contains(ANSWER_IN_AS) ? "a".repeat(4_000) : TenantToolsEndToEndTest.answerFromLastResult(request);
  }

  @Test
  void aTenantsNestedPatternOnLongAnswersNeitherHangsItsRunsNorStallsAnotherTenantsToolCalls() throws Exception {
    orders = JavaMcpServer.withToken(TOKEN);
    HttpResponse<String> tools = admin("globex", "PUT", "/v1/config", "{\"config\": {\"mcpServers\": [{\"name\": \"orders\","
        + " \"url\": \"" + orders.url() + "\", \"auth\": {\"type\": \"bearer\", \"token\": \"" + TOKEN + "\"}}]}}");
    assertEquals(200, tools.statusCode(), tools.body());
    assertEquals(200, admin("acme", "PUT", "/v1/config",
        "{\"config\": {\"instructions\": \"" + ANSWER_IN_AS + "\", \"answerCache\": false}}").statusCode());
    List<String> cases = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      HttpResponse<String> created = admin("acme", "POST", "/v1/evaluations/cases", "{\"name\": \"nested " + i + "\","
          + " \"messages\": [\"Say a, " + i + "\"], \"expect\": [{\"contains\": {\"pattern\": \"((a+)+)+c\"}},"
          + " {\"notContains\": {\"pattern\": \"((a+)+)+c\"}}]}");
      assertEquals(201, created.statusCode(), created.body());
      cases.add(JSON.readTree(created.body()).get("caseId").asText());
    }
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      HttpResponse<String> started = admin("acme", "POST", "/v1/evaluations/runs", "{\"config\": \"live\"}");
      assertEquals(202, started.statusCode(), started.body());
      runs.add(JSON.readTree(started.body()).get("runId").asText());
    }
    // Every case has its answer: from here on, the runs check the pattern.
    await("acme's answers").atMost(Duration.ofSeconds(60)).until(() -> node.model().requests().stream()
        .filter(request -> request.body().toString().contains(ANSWER_IN_AS)).count() >= CASES * RUNS);

    try (ChatClient customer = ChatClient.connect(node.httpPort(), "globex")) {
      customer.startNew();
      for (int turn = 1; turn <= 2; turn++) {
        node.model().enqueue(Reply.toolCalls(new ToolCall("call-" + turn, "orders_order_status",
            "{\"order\": \"A104" + turn + "\"}")));
        customer.say("c-" + turn, "Where is my order A104" + turn + "?");
        String answer = customer.answerOf("turn-" + (2 * turn - 1)).get("text").asText();
        assertTrue(answer.contains("Order A104" + turn + " has shipped with DHL"), "globex's tool call answered: " + answer);
      }
    }

    for (String runId : runs) {
      JsonNode run = finished(runId);
      assertEquals(CASES, run.get("cases").size(), run.toString());
      for (JsonNode result : run.get("cases")) {
        assertTrue(cases.contains(result.get("caseId").asText()), result.toString());
        assertEquals("fail", result.get("verdict").asText(), result.toString());
        assertEquals(List.of("fail", "pass"), result.get("expectations").findValuesAsText("verdict"), result.toString());
      }
    }
  }

  private JsonNode finished(String runId) throws Exception {
    List<JsonNode> last = new ArrayList<>(List.of(JSON.nullNode()));
    await("finished run " + runId).atMost(Duration.ofSeconds(60)).until(() -> {
      last.set(0, JSON.readTree(admin("acme", "GET", "/v1/evaluations/runs/" + runId, null).body()));
      return last.get(0).get("status").asText().equals("finished");
    });
    return last.get(0);
  }

  private static HttpResponse<String> admin(String tenant, String method, String path, String body) throws Exception {
    String separator = path.contains("?") ? "&" : "?";
    return TestIdentity.asAdmin(node.httpPort(), method, path + separator + "tenant=" + tenant, body);
  }
}
