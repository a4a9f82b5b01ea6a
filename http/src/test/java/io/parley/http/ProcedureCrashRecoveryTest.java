package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A procedure survives real crashes (SIGKILL) of the node, restarted on the same PostgreSQL
 * database: the node is killed while the refund procedure waits for the customer's confirmation;
 * after the restart the customer's answer continues the same step. The node is killed again while
 * the refund tool's call is under way; after the second restart the session calls it again by
 * itself, under the same idempotency key, and the customer is told it is done, the run's end with it.
 * The company's refund server saw one key only: the refund happened once.
 */
@KillsNodes
class ProcedureCrashRecoveryTest {
  private static final String CONFIRM = "Shall I refund €30.50 for A-1042? Yes or no?";

  @TempDir Path dataDir;

  @Test
  void aProcedureWaitingForTheCustomerAndARefundCutShortSurviveKillMinusNine() throws Exception {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start();
        ScriptedHttpServer orders = ScriptedHttpServer.start(Response.json(200, RefundProcedure.DELIVERED));
        ScriptedHttpServer refunds = ScriptedHttpServer.start(Response.json(200, RefundProcedure.REFUNDED))) {
      Map<String, String> env = NodeProcess.env(dataDir, TestPostgres.newDatabase(), model);
      String sessionId;
      try (NodeProcess node = NodeProcess.start(env).awaitReady()) {
        RefundProcedure.publish(node.port, orders, refunds);
        try (ChatClient customer = ChatClient.connect(node.port, "acme")) {
          sessionId = customer.startNew();
          model.enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{\"order\":\"A-1042\"}")));
          assertEquals(CONFIRM, customer.answerTo("c-1", "Money back for A-1042 please"));
          node.kill();
        }
      }
      int modelCalls = model.requestCount();

      // The confirmed refund's first call never answers: the node dies while it is under way.
      refunds.enqueue(Response.hang());
      String confirmed;
      try (NodeProcess node = NodeProcess.start(env).awaitReady(); ChatClient customer = ChatClient.connect(node.port, "acme")) {
        customer.resume(sessionId, 0);
        confirmed = customer.say("c-2", "Yes").get("turnId").asText();
        await("the refund under way").atMost(Duration.ofSeconds(30)).until(() -> refunds.requestCount() == 1);
        node.kill();
      }

      try (NodeProcess node = NodeProcess.start(env).awaitReady(); ChatClient customer = ChatClient.connect(node.port, "acme")) {
        customer.resume(sessionId, 0);
        assertEquals("Done: €30.50 are on their way back to you.", customer.answerOf(confirmed).get("text").asText());
        JsonNode run = new ObjectMapper().readTree(TestIdentity.asAdmin(node.port, "GET",
            "/v1/sessions/" + sessionId + "?tenant=acme", null).body()).get("procedures").get(0);
        assertEquals("completed", run.get("outcome").asText(), run.toString());
        JsonNode end = run.get("steps").get(run.get("steps").size() - 1);
        assertEquals("end", end.get("kind").asText(), "the end written with the last step, after the restarts: " + run);
        assertEquals("refund.steps[5]", end.get("step").asText());
      }
      assertEquals(modelCalls, model.requestCount(), "the model took no part after it started the procedure");
      assertEquals(1, orders.requestCount(), "the order was looked up once: its result was durable before the kill");
      assertEquals(2, refunds.requestCount(), "the call the kill cut short, and the run after the restart");
      Set<String> keys = refunds.requests().stream().map(call -> call.header("Idempotency-Key").orElseThrow())
          .collect(Collectors.toSet());
      assertEquals(1, keys.size(), "one key for the server to de-duplicate on: " + keys);
      assertTrue(keys.iterator().next().startsWith(sessionId + "/procedure-"), keys.toString());
    }
  }
}
