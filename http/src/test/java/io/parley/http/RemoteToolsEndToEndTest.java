package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.core.signing.BodySignature;
import io.parley.core.testing.ScriptedHttpServer;
import io.parley.core.testing.ScriptedHttpServer.Response;
import io.parley.persistence.testing.TestH2;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tool on a tenant's own server, configured with PARLEY_REMOTE_TOOLS, over a real WebSocket: the
 * model calls it, a 5xx is retried under the same idempotency key, and a server that stays down
 * opens the tool's breaker, after which calls fail fast; the customer always gets an answer, and
 * the session carries on.
 */
class RemoteToolsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SECRET = "shared-with-the-shop";

  @TempDir Path dataDir;
  private ScriptedHttpServer orders;
  private FakeChatCompletionsServer model;
  private ParleyNode node;

  @BeforeEach
  void start() {
    orders = ScriptedHttpServer.start(Response.json(200, "{\"order\":\"A1\",\"status\":\"shipped\",\"summary\":\"A1 has shipped\"}"));
    model = FakeChatCompletionsServer.start(ToolsEndToEndTest::answerFromToolResults);
    String remoteTools = "[{\"name\":\"order_status\",\"description\":\"Where a customer's order is\","
        + "\"url\":\"" + orders.url("/parley/order-status") + "\",\"timeoutMs\":2000,\"maxAttempts\":2,\"idempotent\":true,"
        + "\"secret\":\"" + SECRET + "\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},\"required\":[\"order\"]}}]";
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(dataDir), Optional.of(model.baseUrl()), Map.of(
        "parley.tools.remote", remoteTools,
        // The two failed attempts of one call open it, and it stays open for the rest of the test.
        "parley.resilience.breaker.max-failures", 2,
        "parley.resilience.breaker.reset-timeout", "10m")));
  }

  @AfterEach
  void stop() {
    node.close();
    model.close();
    orders.close();
  }

  @Test
  void aServerErrorIsRetriedUnderTheSameKeyAndTheAnswerComesFromTheResult() throws Exception {
    orders.enqueue(Response.json(503, "{\"message\":\"deploying\"}"));

    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      String sessionId = client.startNew();
      JsonNode shipped = askWithOrderStatus(client, "call-1", "Where is my order A1?", "succeeded");
      assertEquals("A1 has shipped", shipped.get("detail").asText());
      String answer = client.answerOf("turn-1").get("text").asText();
      assertTrue(answer.contains("shipped"), answer);

      assertEquals(2, orders.requestCount(), "the 503, then the retry");
      Set<String> keys = orders.requests().stream()
          .map(request -> request.header("Idempotency-Key").orElseThrow()).collect(Collectors.toSet());
      assertEquals(Set.of(sessionId + "/turn-1/call-1"), keys, "one key for every attempt of the call");
      for (ScriptedHttpServer.Request request : orders.requests()) {
        assertEquals(BodySignature.of(SECRET, request.body()), request.header(BodySignature.HEADER).orElseThrow());
        assertEquals("acme", JSON.readTree(request.body()).get("tenant").asText());
      }
    }
    assertTrue(model.requests().get(0).toolNames().contains("order_status"), "offered to the model with the built-ins");
    assertTrue(metrics().contains("parley_circuit_breaker_state{dependency=\"tool:order_status\"} 0.0"), metrics());
  }

  @Test
  void aServerThatIsDownOpensTheBreakerAndTheSessionCarriesOn() throws Exception {
    orders.answerWith(Response.json(503, "{\"message\":\"database down\"}"));

    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
      // The customer reads no reason: that is the model's (and the team's).
      assertFalse(askWithOrderStatus(client, "call-1", "Where is my order A1?", "failed").has("detail"));
      String answer = client.answerOf("turn-1").get("text").asText();
      assertTrue(answer.contains("\"error\":\"order_status failed (HTTP 503: database down)\",\"retryable\":true"), answer);
      assertEquals(2, orders.requestCount(), "both attempts reached the server");
      assertTrue(metrics().contains("parley_circuit_breaker_state{dependency=\"tool:order_status\"} 2.0"), metrics());

      assertFalse(askWithOrderStatus(client, "call-2", "Can you try again?", "failed").has("detail"));
      answer = client.answerOf("turn-3").get("text").asText();
      assertTrue(answer.contains("\"error\":\"order_status is unavailable right now"), answer);
      assertTrue(answer.contains("not be called again for about 10 minutes"), answer);
      assertTrue(answer.contains("\"retryable\":false"), answer);
      assertEquals(2, orders.requestCount(), "an open breaker does not call the server");

      client.say("c-3", "Thanks anyway");
      assertEquals("You said: Thanks anyway", client.answerOf("turn-5").get("text").asText());
    }
    assertTrue(metrics().contains("parley_circuit_breaker_transitions_total{dependency=\"tool:order_status\",state=\"open\"} 1.0"),
        metrics());
  }

  /**
   * Says {@code text}, to which the model answers with an order_status call; expects the call to
   * start, then to end with {@code status}, and returns the frame that ends it.
   */
  private JsonNode askWithOrderStatus(ChatClient client, String callId, String text, String status) {
    model.enqueue(Reply.toolCalls(new ToolCall(callId, "order_status", "{\"order\":\"A1\"}")));
    client.say("message-for-" + callId, text);
    JsonNode started = client.expect("tool");
    assertEquals("order_status", started.get("name").asText());
    assertEquals("started", started.get("status").asText());
    JsonNode finished = client.expect("tool");
    assertEquals(status, finished.get("status").asText(), finished.toString());
    return finished;
  }

  private String metrics() throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
