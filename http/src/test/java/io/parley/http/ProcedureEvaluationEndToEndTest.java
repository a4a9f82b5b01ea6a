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
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A simulated customer run against a procedure before it is published: the refund procedure of
 * docs/procedures.md is saved in the tenant's draft only, and evaluation cases whose customer is
 * played by the model are run on that draft over HTTP. The bot's model starts the procedure, the
 * simulated customer confirms, and the case's procedure expectations read how the run went: a
 * delivered order completes with its delivery check held and is refunded once; an undelivered one
 * ends at the check, so the case expecting the check to hold fails, naming the procedure's step.
 * The live configuration stays as it was published.
 */
class ProcedureEvaluationEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TENANT = "acme";
  private static final String FIRST_LINE = "{\"message\": \"I want my money back for order A-1042.\", \"done\": false}";

  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(
      ProcedureEvaluationEndToEndTest::customer));

  @AutoClose private final ScriptedHttpServer orders = ScriptedHttpServer.start(Response.json(200, RefundProcedure.DELIVERED));
  @AutoClose private final ScriptedHttpServer refunds = ScriptedHttpServer.start(Response.json(200, RefundProcedure.REFUNDED));

  /** The simulated customer: asks for the refund, confirms it, and ends once told how it went. */
  static String customer(RecordedRequest request) {
    String conversation = request.lastUserMessage();
    if (conversation.contains("Done:") || conversation.contains("has not arrived")) return "{\"message\": \"\", \"done\": true}";
    if (conversation.contains("Shall I refund")) return "{\"message\": \"Yes\", \"done\": false}";
    return FIRST_LINE;
  }

  @Test
  void aSimulatedCustomerRunsTheDraftsRefundProcedureAndItsExpectationsReadHowItWent() throws Exception {
    JsonNode live = json(admin("PUT", "/v1/config", "{\"config\": {\"assistantName\": \"Ava\"}}"));
    assertEquals(200, admin("PUT", "/v1/config/draft", "{\"config\": " + RefundProcedure.config(orders, refunds) + "}")
        .statusCode());
    String expectations = "\"expect\": [{\"procedure\": {\"name\": \"refund\", \"completed\": true}},"
        + " {\"procedureStep\": {\"name\": \"refund\", \"step\": \"steps[1]\", \"outcome\": \"held\"}}]";
    String delivered = create("{\"name\": \"refund of a delivered order\", \"simulatedCustomer\": {\"persona\": \"A calm"
        + " customer\", \"goal\": \"Get a refund for order A-1042, which was delivered\", \"maxTurns\": 4}, " + expectations + "}");
    String undelivered = create("{\"name\": \"refund of an order not delivered\", \"simulatedCustomer\": {\"persona\":"
        + " \"An impatient customer\", \"goal\": \"Get a refund for order A-1042, which never arrived\", \"maxTurns\": 4}, "
        + expectations + "}");

    // The customer's first line, then the bot's model starting the procedure; the rest is the customer's.
    node.model().enqueue(Reply.answer(FIRST_LINE), Reply.toolCalls(new ToolCall("call-1", "procedure_refund",
        "{\"order\":\"A-1042\"}")));
    JsonNode passed = run(delivered);
    JsonNode result = passed.get("cases").get(0);
    assertEquals("pass", result.get("verdict").asText(), result.toString());
    assertEquals(List.of("pass", "pass"), verdicts(result));
    assertEquals(List.of("I want my money back for order A-1042.", "Shall I refund €30.50 for A-1042? Yes or no?", "Yes",
        "Done: €30.50 are on their way back to you."), spoken(result));
    assertEquals(1, refunds.requestCount(), "the draft's procedure refunded the delivered order once");
    assertTrue(node.model().requests().stream().anyMatch(r -> r.toolNames().contains("procedure_refund")),
        "the draft offers its procedure to the model");

    orders.answerWith(Response.json(200, RefundProcedure.NOT_DELIVERED));
    node.model().enqueue(Reply.answer(FIRST_LINE), Reply.toolCalls(new ToolCall("call-2", "procedure_refund",
        "{\"order\":\"A-1042\"}")));
    JsonNode failed = run(undelivered).get("cases").get(0);
    assertEquals("fail", failed.get("verdict").asText(), failed.toString());
    assertEquals(List.of("pass", "fail"), verdicts(failed), "an end step completes the run; the check did not hold");
    JsonNode check = failed.get("expectations").get(1);
    assertEquals("refund.steps[1] held", check.get("expected").asText(), check.toString());
    assertEquals("it went [not held]", check.get("reason").asText(), check.toString());
    assertEquals(1, refunds.requestCount(), "the undelivered order was never refunded");

    JsonNode after = json(admin("GET", "/v1/config", null));
    assertEquals(live.get("version"), after.get("version"), "the live version is the one published: " + after);
    assertFalse(after.toString().contains("procedures"), "the procedure is the draft's only: " + after);
  }

  private JsonNode run(String caseId) throws Exception {
    HttpResponse<String> started = admin("POST", "/v1/evaluations/runs", "{\"config\": \"draft\", \"cases\": [\"" + caseId + "\"]}");
    assertEquals(202, started.statusCode(), started.body());
    String path = "/v1/evaluations/runs/" + JSON.readTree(started.body()).get("runId").asText();
    await("finished run").atMost(Duration.ofSeconds(60)).until(() ->
        !json(admin("GET", path, null)).get("status").asText().equals("running"));
    JsonNode run = json(admin("GET", path, null));
    assertEquals("finished", run.get("status").asText(), run.toString());
    assertTrue(run.get("config").get("draft").asBoolean(), run.toString());
    return run;
  }

  private static List<String> verdicts(JsonNode result) {
    List<String> verdicts = new ArrayList<>();
    result.get("expectations").forEach(e -> verdicts.add(e.get("verdict").asText()));
    return verdicts;
  }

  private static List<String> spoken(JsonNode result) {
    List<String> lines = new ArrayList<>();
    result.get("transcript").forEach(line -> {
      if (!line.get("role").asText().equals("tool")) lines.add(line.get("text").asText());
    });
    return lines;
  }

  private String create(String document) throws Exception {
    HttpResponse<String> created = admin("POST", "/v1/evaluations/cases", document);
    assertEquals(201, created.statusCode(), created.body());
    return JSON.readTree(created.body()).get("caseId").asText();
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertFalse(response.statusCode() >= 300, response.statusCode() + " " + response.body());
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> admin(String method, String path, String body) throws Exception {
    return TestIdentity.asAdmin(node.httpPort(), method, path + "?tenant=" + TENANT, body);
  }
}
