package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.Reply;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The refund procedure's figures in the analytics, on a real node with its journal and read model on
 * PostgreSQL: one run completed, one ended at the check's {@code otherwise}, one handed over after
 * three answers that gave nothing, and one left waiting at its ask when its conversation closed,
 * which is abandoned there. The run completed by its last step is counted completed while its
 * conversation is still open: that step wrote the run's end. Each run is counted once, by how it
 * ended, and the runs that stopped short are counted at the ask they were at.
 */
class ProcedureAnalyticsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ASK = "Shall I refund €30.50 for A-1042? Yes or no?";

  @AutoClose private RefundNode refundNode;

  @BeforeEach
  void start() throws Exception {
    refundNode = RefundNode.start(TestPostgres.newDatabase());
  }

  @Test
  void theAnalyticsCountEachProcedureRunByHowItEndedAndWhereRunsStoppedShort() throws Exception {
    Instant before = Instant.now().minusSeconds(1);
    refundNode.orders().answerWith(Response.json(200, RefundProcedure.DELIVERED));
    try (ChatClient customer = ChatClient.connect(refundNode.node().httpPort(), "acme")) {
      customer.startNew();
      assertEquals(ASK, startRefund(customer));
      assertEquals("Done: €30.50 are on their way back to you.", customer.answerTo("c-2", "Yes please"));
      // Its conversation still open, the run is counted completed, at its last step, by the end that step wrote.
      assertEquals(JSON.readTree("""
          {"procedure": "refund", "started": 1, "completed": 1, "handedOver": 0, "abandoned": 0, "running": 0,
           "dropOuts": []}
          """), awaitProcedures("from=" + before + "&to=" + Instant.now().plusSeconds(60), 1).get(0));
      close(customer);
    }
    refundNode.orders().answerWith(Response.json(200, RefundProcedure.NOT_DELIVERED));
    try (ChatClient customer = ChatClient.connect(refundNode.node().httpPort(), "acme")) {
      customer.startNew();
      assertEquals("Order A-1042 has not arrived yet, so it cannot be refunded.", startRefund(customer));
      // The run's end is a step of its own after that text: closed before it, the run would be abandoned.
      awaitProcedures("from=" + before + "&to=" + Instant.now().plusSeconds(60), 2);
      close(customer);
    }
    refundNode.orders().answerWith(Response.json(200, RefundProcedure.DELIVERED));
    try (ChatClient customer = ChatClient.connect(refundNode.node().httpPort(), "acme")) {
      customer.startNew();
      assertEquals(ASK, startRefund(customer));
      assertEquals(ASK, customer.answerTo("c-2", "hmm, what?"));
      assertEquals(ASK, customer.answerTo("c-3", "I do not know"));
      customer.say("c-4", "maybe later");
      // The third answer that gives nothing hands over after its ack: closed only once it has.
      assertEquals("waiting_for_agent", customer.expect("handoff").get("status").asText());
      close(customer);
    }
    try (ChatClient customer = ChatClient.connect(refundNode.node().httpPort(), "acme")) {
      customer.startNew();
      assertEquals(ASK, startRefund(customer));
      close(customer);
    }
    assertEquals(1, refundNode.refunds().requestCount(), "only the confirmed run refunded");

    String range = "from=" + before + "&to=" + Instant.now().plusSeconds(60);
    JsonNode procedures = awaitProcedures(range, 4);
    assertEquals(1, procedures.size(), procedures.toString());
    JsonNode refund = procedures.get(0);
    assertEquals(JSON.readTree("""
        {"procedure": "refund", "started": 4, "completed": 2, "handedOver": 1, "abandoned": 1, "running": 0,
         "dropOuts": [{"step": "refund.steps[2]", "abandoned": 1, "handedOver": 1}]}
        """), refund);
    assertEquals(0, analytics("from=" + before + "&to=" + Instant.now().plusSeconds(60) + "&channel=voice")
        .get("procedures").size(), "another channel's conversations ran none");
    HttpResponse<String> other = TestIdentity.asAdmin(refundNode.node().httpPort(), "GET",
        "/v1/analytics?tenant=globex&" + range, null);
    assertEquals(200, other.statusCode(), other.body());
    assertEquals(0, JSON.readTree(other.body()).get("procedures").size(), "another tenant's figures hold no runs of acme's");
  }

  private static void close(ChatClient customer) {
    customer.send(frame("close").put("reason", "resolved"));
    customer.awaitClose();
  }

  private String startRefund(ChatClient customer) {
    refundNode.model().enqueue(Reply.toolCalls(new ToolCall("call-1", "procedure_refund", "{\"order\":\"A-1042\"}")));
    return customer.answerTo("c-1", "I want my money back for A-1042");
  }

  /** The procedures' figures once the projection has folded {@code runs} runs' ends. */
  private JsonNode awaitProcedures(String range, int runs) throws Exception {
    JsonNode procedures = await("the projection folding " + runs + " runs").atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200)).until(() -> analytics(range).get("procedures"), folded -> over(folded, runs));
    assertTrue(over(procedures, runs), "the projection did not catch up: " + procedures);
    return procedures;
  }

  private static boolean over(JsonNode procedures, int runs) {
    int ended = 0;
    for (JsonNode procedure : procedures) {
      ended += procedure.get("completed").asInt() + procedure.get("handedOver").asInt() + procedure.get("abandoned").asInt();
    }
    return ended == runs;
  }

  private JsonNode analytics(String query) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(refundNode.node().httpPort(), "GET",
        "/v1/analytics?tenant=acme&" + query, null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }
}
