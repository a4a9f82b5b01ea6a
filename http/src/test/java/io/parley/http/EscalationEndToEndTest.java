package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Done when: over a real WebSocket the user asks to escalate (with no agent online: the server opens
 * the conversation's ticket), the model calls {@code escalate}, and the conversation still has one
 * ticket, each message attached to it once, although the tenant's webhook fails twice, the webhook gets one accepted,
 * correctly signed delivery, and the user sees the ticket id and the expected response time; the
 * metrics show each attempt, and the finished workflow leaves memory yet still answers its status. A
 * webhook that refuses for good, before or after a restart of the node, gets the ticket cancelled
 * and the user told.
 */
class EscalationEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SECRET = "s3cret";
  /**
   * The node and model the tests that keep the node running talk to, one for the class: each of
   * those tests is a tenant of its own, with its own tickets and its own webhook receiver, and
   * reads the model's requests and the workflow counters from where the earlier tests left them.
   * The test that restarts its node starts one of its own.
   */
  private static FakeChatCompletionsServer sharedModel;
  private static final Map<String, WebhookReceiver> sharedWebhooks = new HashMap<>();
  private static DatabaseSettings sharedDatabase;
  private static ParleyNode sharedNode;
  // What this test talks to: the shared ones, or its own (closed after the test).
  private FakeChatCompletionsServer model;
  private WebhookReceiver webhook;
  private DatabaseSettings database;
  private ParleyNode node;
  private int requestsBefore;
  private String metricsBefore;

  @BeforeAll
  static void startShared() throws Exception {
    sharedModel = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo);
    ObjectNode webhooks = JSON.createObjectNode();
    for (String tenant : List.of("acme", "globex", "initech")) {
      WebhookReceiver webhook = WebhookReceiver.start(SECRET);
      sharedWebhooks.put(tenant, webhook);
      webhooks.setAll((ObjectNode) JSON.readTree(webhook.setting(tenant)));
    }
    sharedDatabase = TestPostgres.newDatabase();
    sharedNode = ParleyNode.start(config(sharedDatabase, sharedModel, webhooks.toString()));
  }

  @AfterAll
  static void stopShared() {
    if (sharedNode != null) sharedNode.close();
    if (sharedModel != null) sharedModel.close();
    sharedWebhooks.values().forEach(WebhookReceiver::close);
  }

  @BeforeEach
  void useShared() {
    model = sharedModel;
    database = sharedDatabase;
    node = sharedNode;
    requestsBefore = model.requests().size();
    metricsBefore = metrics();
  }

  /** This test talks as {@code tenant} to the shared node, its deliveries going to the tenant's own receiver. */
  private void as(String tenant) {
    webhook = sharedWebhooks.get(tenant);
  }

  /** A new customer of {@code tenant} who said {@code text}, which the model escalates: they want a person. */
  private ChatClient escalating(String tenant, String text) {
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "escalate", "{\"reason\":\"Wants a person\"}")));
    ChatClient client = ChatClient.connect(node.httpPort(), tenant);
    client.startNew();
    client.say("c-1", text);
    return client;
  }

  @AfterEach
  void stop() {
    if (node != sharedNode) node.close();
    if (model != sharedModel) model.close();
    if (webhook != null && !sharedWebhooks.containsValue(webhook)) webhook.close();
  }

  private static Config config(DatabaseSettings database, FakeChatCompletionsServer model, String webhooks) {
    return TestNode.config(database, Optional.of(model.baseUrl()), Map.of(
        "parley.workflows.webhooks", webhooks,
        "parley.management.ops-token", OpsClient.TOKEN,
        "parley.session.retry.initial-delay", "100ms",
        "parley.session.retry.max-delay", "500ms"));
  }

  @Test
  void anEscalationCreatesOneTicketAndTellsTheUser() throws Exception {
    as("acme");
    webhook.answer(503, 503);
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "escalate",
        "{\"reason\":\"Charged twice for order 77, write to ada@example.com\",\"priority\":\"high\"}")));
    String sessionId;
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = client.startNew();
      client.say("c-1", "Please escalate this to a person");
      // Asking for a person goes to the agent queue first; with nobody online the server opens the
      // conversation's ticket, and its notice answers the request. The bot escalates the customer's
      // next message: the escalation takes that ticket.
      String nobody = client.next(ChatClient::isNotice).get("text").asText();
      assertTrue(nobody.contains("No one") && nobody.contains("T-1001"), nobody);
      client.say("c-2", "I was charged twice for order 77");
      String text = client.next(ChatClient::isNotice).get("text").asText();
      assertTrue(text.contains("T-1001") && text.contains("within 4 hours"), text);
      // The escalation's last step asks for a person again: still nobody online, still the one ticket.
      String again = client.next(f -> ChatClient.isNotice(f) && f.get("text").asText().startsWith("No one")).get("text").asText();
      assertTrue(again.contains("T-1001"), again);
    }
    JsonNode tickets = json(node.httpPort(), "/v1/tickets?tenant=acme");
    assertEquals(1, tickets.get("tickets").size(), "one open ticket per conversation: " + tickets);
    assertEquals("high", tickets.get("tickets").get(0).get("priority").asText(), "the escalation raised its priority");
    JsonNode ticket = json(node.httpPort(), "/v1/tickets/T-1001?tenant=acme");
    StringBuilder attached = new StringBuilder(ticket.get("description").asText());
    ticket.get("history").forEach(change -> attached.append('\n').append(change.path("note").asText("")));
    assertEquals(1, attached.toString().split("Customer: Please escalate this to a person", -1).length - 1,
        "each message is attached once: " + attached);
    assertTrue(attached.toString().contains("Escalation: Charged twice for order 77, write to ada@example.com"),
        "the ticket keeps the escalation's reason: " + attached);
    List<WebhookReceiver.Delivery> deliveries = webhook.deliveries();
    assertEquals(List.of(503, 503, 204), deliveries.stream().map(WebhookReceiver.Delivery::status).toList(),
        "two failures, then the accepted, correctly signed delivery");
    JsonNode delivered = deliveries.get(2).body();
    assertEquals("ticket.escalated", delivered.get("event").asText());
    assertEquals("T-1001", delivered.get("ticketId").asText());
    assertEquals("acme", delivered.get("tenant").asText());
    assertEquals(sessionId, delivered.get("sessionId").asText());
    assertEquals("Escalation: Charged twice for order 77, write to [EMAIL_1]", delivered.get("subject").asText(),
        "personal data stays out of the webhook");
    assertTrue(deliveries.get(2).id().endsWith("/notify-webhook"), deliveries.get(2).id());

    JsonNode workflow = settledWorkflow(node.httpPort(), "acme",
        workflowId(model.lastRequest().toolResult("call-1").orElseThrow()));
    assertEquals("completed", workflow.get("status").asText(), workflow.toString());
    assertEquals(4, workflow.get("steps").size(), "ticket, webhook, the user told, a person asked for");
    assertEquals("asked for a person", workflow.get("steps").get(3).get("result").asText(), workflow.toString());
    assertEquals("[sealed]", workflow.get("input").get("reason").asText(),
        "the customer's words are journaled sealed with the session's key, and shown as such");
    assertFalse(workflow.toString().contains("ada@example.com"), workflow.toString());
    assertFalse(workflowJournalContains(workflow.get("workflowId").asText(), "ada@example.com"),
        "erasing the session's key erases the reason in the workflow's journal too");
    assertEquals(3, workflow.get("steps").get(1).get("attempts").asInt(), "the webhook step took three attempts");
    String metrics = metrics();
    assertEquals(2, increase(metrics, attempts("notify-webhook", "failed")), metrics);
    assertEquals(1, increase(metrics, attempts("notify-webhook", "succeeded")), metrics);
    assertEquals(1, increase(metrics, attempts("create-ticket", "succeeded")), metrics);
    assertEquals(1, increase(metrics, "parley_workflows_started_total{definition=\"escalation\"}"), metrics);
    assertEquals(1, increase(metrics, finished("completed")), metrics);

    awaitNoWorkflowInMemory(node);
    assertEquals(workflow, settledWorkflow(node.httpPort(), "acme", workflow.get("workflowId").asText()),
        "passivated, it still answers its status, from its journal");
    String asGlobex = "/v1/workflows/" + workflow.get("workflowId").asText() + "?tenant=globex";
    assertEquals(404, HTTP.send(TestIdentity.authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + node.httpPort() + asGlobex)), asGlobex).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode(), "another tenant cannot see it");
  }

  @Test
  void aWebhookThatRefusesForGoodCancelsTheTicketAndSaysSo() throws Exception {
    as("globex");
    webhook.thenAlways(410);
    try (ChatClient client = escalating("globex", "Please escalate")) {
      JsonNode notice = client.next(f -> ChatClient.isNotice(f) && f.get("text").asText().contains("cancelled"));
      assertTrue(notice.get("text").asText().contains("T-1001"), notice.toString());
    }
    assertEquals(1, webhook.deliveries().size(), "a 4xx is permanent: not retried");
    JsonNode ticket = json(node.httpPort(), "/v1/tickets/T-1001?tenant=globex");
    assertEquals("closed", ticket.get("status").asText(), ticket.toString());
    JsonNode workflow = settledWorkflow(node.httpPort(), "globex",
        workflowId(model.requests().get(requestsBefore + 1).toolResult("call-1").orElseThrow()));
    assertEquals("compensated", workflow.get("status").asText(), workflow.toString());
    assertEquals("compensated", workflow.get("steps").get(0).get("status").asText());
    assertEquals("failed", workflow.get("steps").get(1).get("status").asText());
    String metrics = metrics();
    assertEquals(1, increase(metrics, attempts("notify-webhook", "failed")), metrics);
    assertEquals(1, increase(metrics, attempts("create-ticket", "compensated")), metrics);
    assertEquals(1, increase(metrics, finished("compensated")), metrics);
    assertEquals(0, increase(metrics, finished("completed")), metrics);
    awaitNoWorkflowInMemory(node);
  }

  /** The conversation's ticket was opened when nobody was online: an escalation that fails leaves it open. */
  @Test
  void aFailedEscalationKeepsTheConversationsTicketItDidNotOpen() throws Exception {
    as("initech");
    webhook.thenAlways(410);
    try (ChatClient client = escalating("initech", "I want to talk to a person")) {
      assertTrue(client.next(f -> ChatClient.isNotice(f) && f.get("text").asText().startsWith("No one")).get("text").asText()
          .contains("T-1001"));
      client.say("c-2", "It's urgent");
      client.next(f -> ChatClient.isMessage(f, "assistant"));
      JsonNode workflow = settledWorkflow(node.httpPort(), "initech",
          workflowId(model.requests().get(requestsBefore + 1).toolResult("call-1").orElseThrow()));
      assertEquals("compensated", workflow.get("status").asText(), workflow.toString());
      assertTrue(workflow.get("steps").get(0).toString().contains("T-1001"), workflow.toString());
      assertTrue(client.drain(java.time.Duration.ofMillis(500)).stream()
          .noneMatch(f -> f.path("text").asText().contains("cancelled")), "nothing was cancelled");
    }
    JsonNode ticket = json(node.httpPort(), "/v1/tickets/T-1001?tenant=initech");
    assertEquals("open", ticket.get("status").asText(), ticket.toString());
    assertEquals(1, json(node.httpPort(), "/v1/tickets?tenant=initech").get("tickets").size());
  }

  /**
   * The node stops (a rolling restart) while a delivery hangs; the node started again on the same
   * database resumes the workflow, the webhook now refuses it for good, and the compensation closes
   * the ticket and tells the user. The SIGKILL case is {@link EscalationCrashRecoveryTest}.
   */
  @Test
  void aWorkflowResumedAfterARestartStillCompensatesWhenTheWebhookRefusesForGood() throws Exception {
    model = FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo);
    webhook = WebhookReceiver.start(SECRET);
    database = TestPostgres.newDatabase();
    Config config = config(database, model, webhook.setting("acme"));
    node = ParleyNode.start(config);
    webhook.answer(503, WebhookReceiver.HOLD);
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "escalate", "{\"reason\":\"Wants a person\"}")));
    String sessionId;
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = client.startNew();
      client.say("c-1", "Please escalate");
      client.answerOf("turn-1");
      webhook.awaitHeld();
    }
    node.close();
    webhook.thenAlways(410);
    webhook.release();

    node = ParleyNode.start(config);
    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.resume(sessionId, 0);
      JsonNode notice = client.next(f -> ChatClient.isNotice(f) && f.get("text").asText().contains("cancelled"));
      assertTrue(notice.get("text").asText().contains("T-1001"), notice.toString());
    }
    String workflowId = webhook.deliveries().get(0).id().replace("/notify-webhook", "");
    JsonNode workflow = settledWorkflow(node.httpPort(), "acme", workflowId);
    assertEquals("compensated", workflow.get("status").asText(), workflow.toString());
    assertEquals(List.of("compensated", "failed", "pending", "pending"), workflow.get("steps").findValuesAsText("status"));
    assertEquals(1, workflow.get("steps").get(0).get("attempts").asInt(), "the ticket was created once");
    assertEquals("closed", json(node.httpPort(), "/v1/tickets/T-1001?tenant=acme").get("status").asText());
    assertEquals(1, json(node.httpPort(), "/v1/tickets?tenant=acme").get("tickets").size());
    assertEquals(List.of(503, WebhookReceiver.HOLD, 410),
        webhook.deliveries().stream().map(WebhookReceiver.Delivery::status).toList());
  }

  private String metrics() {
    return OpsClient.withToken(node.httpPort()).get("/metrics").body();
  }

  /** How much the sample {@code name} grew since this test began. */
  private double increase(String metrics, String name) {
    return OpsClient.sample(metrics, name) - OpsClient.sample(metricsBefore, name);
  }

  private static String attempts(String step, String outcome) {
    return "parley_workflow_step_attempts_total{definition=\"escalation\",outcome=\"" + outcome + "\",step=\"" + step + "\"}";
  }

  private static String finished(String result) {
    return "parley_workflows_finished_total{definition=\"escalation\",result=\"" + result + "\"}";
  }

  /** Sharding's count of running Workflow entities falls to 0: finished ones passivate, and a status query starts none that stays. */
  static void awaitNoWorkflowInMemory(ParleyNode node) {
    // Generous: a stats query waits up to 5 s for a region that is going away (ManagementApiTest downs a member).
    await("no Workflow entity running").atMost(java.time.Duration.ofSeconds(30)).until(() -> {
      JsonNode workflows = null;
      for (JsonNode type : OpsClient.withToken(node.managementPort()).json("/cluster/sharding").get("entityTypes")) {
        if (type.get("name").asText().equals("Workflow")) workflows = type;
      }
      return workflows;
    }, workflows -> workflows != null && workflows.get("answered").asBoolean() && workflows.get("entities").asLong() == 0);
  }

  /** A message the workflow posted into the session: a system notice, as a frame or in the REST transcript. */
  private static String workflowId(String toolResult) throws Exception {
    // The result reaches the model fenced as data: its first and last lines are the fence.
    return JSON.readTree(toolResult.substring(toolResult.indexOf('\n') + 1, toolResult.lastIndexOf('\n')))
        .get("workflowId").asText();
  }

  /** The workflow of {@code tenant} once it has completed or been compensated. */
  static JsonNode settledWorkflow(int port, String tenant, String workflowId) throws Exception {
    return await("workflow " + workflowId + " settled").atMost(java.time.Duration.ofSeconds(20))
        .until(() -> json(port, "/v1/workflows/" + workflowId + "?tenant=" + tenant),
            workflow -> List.of("completed", "compensated").contains(workflow.path("status").asText()));
  }

  static JsonNode json(int port, String path) throws Exception {
    return JSON.readTree(HTTP.send(TestIdentity.authorized(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), path).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  /** Whether any event of the workflow holds {@code text} as UTF-8 bytes. */
  private boolean workflowJournalContains(String workflowId, String text) throws Exception {
    byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.url(),
            database.user().orElse(null), database.password().orElse(null));
        java.sql.PreparedStatement select = connection.prepareStatement(
            "SELECT event_payload FROM event_journal WHERE persistence_id LIKE ?")) {
      select.setString(1, "%" + workflowId);
      int rows = 0;
      try (java.sql.ResultSet found = select.executeQuery()) {
        while (found.next()) {
          rows++;
          byte[] payload = found.getBytes(1);
          for (int i = 0; i + needle.length <= payload.length; i++) {
            if (java.util.Arrays.equals(payload, i, i + needle.length, needle, 0, needle.length)) return true;
          }
        }
      }
      assertTrue(rows > 0, "the workflow " + workflowId + " has a journal");
      return false;
    }
  }
}
