package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.llm.ToolCall;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.llm.testing.Reply;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import io.parley.sessions.workflow.EscalationWorkflow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An escalation survives a real crash: the user asks to escalate; the tenant's webhook fails
 * twice and then stops answering; the node is killed (SIGKILL) with that delivery in flight, after
 * the ticket was created, and started again on the same PostgreSQL database. Nobody asks for the
 * workflow: the restarted node resumes it by itself, the webhook gets the notification, the user is
 * told the ticket id, and exactly one ticket exists, with every step done once.
 */
@KillsNodes
class EscalationCrashRecoveryTest {
  private static final String SECRET = "s3cret";
  @TempDir Path dataDir;

  private static final String ESCALATED = "Your request was passed to our support team as ticket";

  @Test
  void anEscalationCutShortByAKillMinusNineCreatesOneTicketAndTellsTheUserAfterTheRestart() throws Exception {
    try (FakeChatCompletionsServer model = FakeChatCompletionsServer.start();
        WebhookReceiver webhook = WebhookReceiver.start(SECRET)) {
      webhook.answer(503, 503, WebhookReceiver.HOLD);
      Map<String, String> env = env(TestPostgres.newDatabase(), model, webhook);
      String sessionId = escalateAndDieMidDelivery(env, model, webhook);
      webhook.release();

      try (NodeProcess node = NodeProcess.start(env).awaitReady()) {
        String ticketId = webhook.deliveries().get(0).body().get("ticketId").asText();
        try (ChatClient client = ChatClient.connect(node.port, "acme")) {
          client.resume(sessionId, 0);
          String notice = client.next(f -> ChatClient.isNotice(f) && f.get("text").asText().startsWith(ESCALATED))
              .get("text").asText();
          assertTrue(notice.contains(ticketId) && notice.contains("within 4 hours"), notice);
        }
        JsonNode tickets = EscalationEndToEndTest.json(node.port, "/v1/tickets?tenant=acme").get("tickets");
        assertEquals(1, tickets.size(), "one ticket, although the server opened the conversation's first (nobody was"
            + " online) and the workflow ran on two nodes: " + tickets);
        assertEquals(ticketId, tickets.get(0).get("id").asText());
        assertDeliveredOnce(webhook.deliveries(), ticketId, sessionId);
        assertEachStepDoneOnce(node.port, webhook.deliveries().get(0).id());
        JsonNode messages = EscalationEndToEndTest.json(node.port, "/v1/sessions/" + sessionId + "?tenant=acme")
            .get("messages");
        assertEquals(1, StreamSupport.stream(messages.spliterator(), false)
                .filter(m -> ChatClient.isNotice(m) && m.get("text").asText().startsWith(ESCALATED + " " + ticketId))
                .count(),
            "the user is told of the escalation once: " + messages);
      }
    }
  }

  /**
   * The user asks to escalate and gets the model's answer; the node is killed (SIGKILL) once the
   * webhook holds the third delivery, the ticket created. Returns the session's id.
   */
  private static String escalateAndDieMidDelivery(Map<String, String> env, FakeChatCompletionsServer model,
      WebhookReceiver webhook) throws Exception {
    model.enqueue(Reply.toolCalls(new ToolCall("call-1", "escalate",
        "{\"reason\":\"Charged twice for order 77 and wants a person\",\"priority\":\"high\"}")));
    try (NodeProcess node = NodeProcess.start(env).awaitReady(); ChatClient client = ChatClient.connect(node.port, "acme")) {
      String sessionId = client.startNew();
      // Not a request for a person (that the handoff answers, with a ticket of its own): the model escalates it.
      client.say("c-1", "Please escalate this");
      client.answerOf("turn-1");
      WebhookReceiver.Delivery inFlight = webhook.awaitHeld();
      assertTrue(inFlight.body().get("ticketId").asText().matches("T-\\d+"), "the ticket exists: " + inFlight);
      node.kill();
      return sessionId;
    }
  }

  private static void assertDeliveredOnce(List<WebhookReceiver.Delivery> deliveries, String ticketId, String sessionId) {
    assertEquals(List.of(503, 503, WebhookReceiver.HOLD, 204), deliveries.stream().map(WebhookReceiver.Delivery::status).toList(),
        "two failures, the delivery cut short by the kill, then the accepted one");
    deliveries.forEach(d -> {
      assertTrue(d.signed(), "every delivery is signed: " + d);
      assertEquals(ticketId, d.body().get("ticketId").asText(), "the ticket was not created again: " + d);
      assertEquals(sessionId, d.body().get("sessionId").asText());
      assertEquals(deliveries.get(0).id(), d.id(), "one delivery id for the receiver to de-duplicate on");
    });
  }

  /** {@code deliveryId} is {@code <workflowId>/notify-webhook}. */
  private static void assertEachStepDoneOnce(int port, String deliveryId) throws Exception {
    JsonNode workflow = EscalationEndToEndTest.settledWorkflow(port, "acme", deliveryId.substring(0, deliveryId.lastIndexOf('/')));
    assertEquals("completed", workflow.get("status").asText(), workflow.toString());
    assertEquals(List.of(EscalationWorkflow.CREATE_TICKET, EscalationWorkflow.NOTIFY_WEBHOOK, EscalationWorkflow.NOTIFY_USER,
        EscalationWorkflow.ASK_FOR_AGENT),
        workflow.get("steps").findValuesAsText("name"));
    assertEquals(List.of("succeeded", "succeeded", "succeeded", "succeeded"), workflow.get("steps").findValuesAsText("status"));
    assertEquals(List.of(1, 4, 1, 1), StreamSupport.stream(workflow.get("steps").spliterator(), false)
        .map(s -> s.get("attempts").asInt()).toList(),
        "the ticket created once, the webhook tried three times before the kill and once after, the user told once");
  }

  private Map<String, String> env(DatabaseSettings database, FakeChatCompletionsServer model, WebhookReceiver webhook)
      throws java.io.IOException {
    Map<String, String> env = NodeProcess.env(dataDir, database, model);
    env.put("PARLEY_WEBHOOKS", webhook.setting("acme"));
    env.put("PARLEY_RETRY_INITIAL_DELAY", "100ms");
    env.put("PARLEY_RETRY_MAX_DELAY", "500ms");
    return env;
  }
}
