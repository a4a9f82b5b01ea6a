package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.testing.TestPostgres;
import io.parley.sessions.workflow.Webhooks;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Done when: over a real WebSocket the user asks to escalate, the model calls {@code escalate}, one
 * ticket is created although the tenant's webhook fails twice, the webhook gets one accepted,
 * correctly signed delivery, and the user sees the ticket id and the expected response time.
 */
class EscalationEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SECRET = "s3cret";
  private FakeChatCompletionsServer model;
  private HttpServer webhook;
  private final AtomicInteger webhookCalls = new AtomicInteger();
  /** When set, the webhook refuses every delivery with this status, for good. */
  private volatile int refuseWith;
  private final List<String> accepted = new CopyOnWriteArrayList<>();
  private final List<String> deliveryIds = new CopyOnWriteArrayList<>();
  private ParleyNode node;

  @BeforeEach
  void start() throws Exception {
    model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo);
    webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/hook", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String signature = exchange.getRequestHeaders().getFirst(Webhooks.SIGNATURE_HEADER);
      int status;
      if (refuseWith != 0) {
        webhookCalls.incrementAndGet();
        status = refuseWith;
      } else if (webhookCalls.incrementAndGet() <= 2) {
        status = 503;
      } else if (!Webhooks.signature(SECRET, body).equals(signature)) {
        status = 401;
      } else {
        accepted.add(body);
        deliveryIds.add(exchange.getRequestHeaders().getFirst(Webhooks.DELIVERY_HEADER));
        status = 204;
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    webhook.start();
    String hooks = "{\"acme\": {\"url\": \"http://127.0.0.1:" + webhook.getAddress().getPort() + "/hook\", \"secret\": \""
        + SECRET + "\"}}";
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), Map.of(
        "parley.workflows.webhooks", hooks,
        "parley.session.retry.initial-delay", "100ms",
        "parley.session.retry.max-delay", "500ms")));
  }

  @AfterEach
  void stop() {
    node.close();
    model.close();
    webhook.stop(0);
  }

  @Test
  void anEscalationCreatesOneTicketAndTellsTheUser() throws Exception {
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "escalate",
        "{\"reason\":\"Charged twice for order 77 and wants a person\",\"priority\":\"high\"}")));
    String sessionId;
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = client.startNew();
      client.say("c-1", "Please escalate this to a person");
      JsonNode notice = client.next(f -> f.get("type").asText().equals("message")
          && f.get("role").asText().equals("system"));
      String text = notice.get("text").asText();
      assertTrue(text.contains("T-1001") && text.contains("within 4 hours"), text);
    }
    JsonNode tickets = JSON.readTree(get("/v1/tickets?tenant=acme"));
    assertEquals(1, tickets.get("tickets").size(), tickets.toString());
    assertEquals("high", tickets.get("tickets").get(0).get("priority").asText());
    assertEquals(3, webhookCalls.get(), "two failures, then the accepted delivery");
    assertEquals(1, accepted.size());
    JsonNode delivered = JSON.readTree(accepted.get(0));
    assertEquals("ticket.escalated", delivered.get("event").asText());
    assertEquals("T-1001", delivered.get("ticketId").asText());
    assertEquals("acme", delivered.get("tenant").asText());
    assertEquals(sessionId, delivered.get("sessionId").asText());
    assertTrue(deliveryIds.get(0).endsWith("/notify-webhook"), deliveryIds.get(0));

    JsonNode workflow = workflow(model.lastRequest().toolResult("call-1").orElseThrow());
    assertEquals("completed", workflow.get("status").asText(), workflow.toString());
    assertEquals(3, workflow.get("steps").size());
    assertEquals(3, workflow.get("steps").get(1).get("attempts").asInt(), "the webhook step took three attempts");
    assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + node.httpPort() + "/v1/workflows/" + workflow.get("workflowId").asText() + "?tenant=globex")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode(), "another tenant cannot see it");
  }

  @Test
  void aWebhookThatRefusesForGoodCancelsTheTicketAndSaysSo() throws Exception {
    refuseWith = 410;
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "escalate", "{\"reason\":\"Wants a person\"}")));
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
      client.say("c-1", "Please escalate");
      JsonNode notice = client.next(f -> f.get("type").asText().equals("message")
          && f.get("role").asText().equals("system") && f.get("text").asText().contains("cancelled"));
      assertTrue(notice.get("text").asText().contains("T-1001"), notice.toString());
    }
    assertEquals(1, webhookCalls.get(), "a 4xx is permanent: not retried");
    JsonNode ticket = JSON.readTree(get("/v1/tickets/T-1001?tenant=acme"));
    assertEquals("closed", ticket.get("status").asText(), ticket.toString());
    JsonNode workflow = workflow(model.requests().get(1).toolResult("call-1").orElseThrow());
    assertEquals("compensated", workflow.get("status").asText(), workflow.toString());
    assertEquals("compensated", workflow.get("steps").get(0).get("status").asText());
    assertEquals("failed", workflow.get("steps").get(1).get("status").asText());
  }

  /** The workflow the escalate tool started, from its result {"workflowId": ...}, once it has settled. */
  private JsonNode workflow(String toolResult) throws Exception {
    String id = JSON.readTree(toolResult).get("workflowId").asText();
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    JsonNode workflow = null;
    while (System.nanoTime() < deadline) {
      workflow = JSON.readTree(get("/v1/workflows/" + id + "?tenant=acme"));
      String status = workflow.path("status").asText();
      if (status.equals("completed") || status.equals("compensated")) return workflow;
      Thread.sleep(100);
    }
    throw new AssertionError("workflow never settled: " + workflow);
  }

  private String get(String path) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
