package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lead scoring as a tenant uses it, over real sockets on PostgreSQL: the tenant sets its own
 * threshold in its bot configuration, a scripted conversation moves the score signal by signal
 * (each explanation in {@code GET /v1/sessions/{id}}), and crossing the threshold tells the
 * tenant's webhook once, signed, with no words of the customer's.
 */
class LeadScoringEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static WebhookReceiver webhook;
  private static ParleyNode node;

  @BeforeAll
  static void start() throws Exception {
    webhook = WebhookReceiver.start("lead-secret");
    node = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(),
        Map.of("parley.workflows.webhooks", webhook.setting("acme"))));
  }

  @AfterAll
  static void stop() {
    node.close();
    webhook.close();
  }

  @Test
  void aConversationThatTurnsIntoASaleQualifiesOnceAtTheTenantsThreshold() throws Exception {
    assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"leadThreshold\": 50, \"leadWeights\": {\"timeline\": 25}}}").statusCode());
    String sessionId;
    List<Integer> scores = new java.util.ArrayList<>();
    try (ChatClient customer = ChatClient.connectAs(node.httpPort(), "acme", Optional.of("lee"))) {
      sessionId = customer.startNew();
      for (String text : List.of("Hi, my parcel is late.", "Do you have a plan for teams, and what does it cost?",
          "We need it by next week, write to lee@shop.example", "Great, thanks!")) {
        assertEquals("ack", customer.say("m-" + scores.size(), text).get("type").asText());
        customer.next(f -> ChatClient.isMessage(f, "assistant"));
        scores.add(lead(sessionId).get("score").asInt());
      }
    }
    assertEquals(List.of(2, 39, 81, 86), scores, "engagement, then intent, then a timeline (25 here) and contact details");

    JsonNode lead = lead(sessionId);
    assertTrue(lead.get("qualified").asBoolean());
    assertEquals(List.of("purchase_intent", "timeline", "contact_details", "engagement", "sentiment"),
        StreamSupport.stream(lead.get("contributions").spliterator(), false).map(c -> c.get("signal").asText()).toList());
    assertEquals(25, lead.get("contributions").get(1).get("points").asInt(), "the tenant's weight");

    WebhookReceiver.Delivery delivery = awaitDelivery();
    assertTrue(delivery.signed());
    assertEquals("lead.qualified", delivery.body().get("event").asText());
    assertEquals(sessionId, delivery.body().get("sessionId").asText());
    assertEquals(81, delivery.body().get("score").asInt(), "the score that crossed 50, not the one after");
    assertEquals("mentioned when they need it", delivery.body().get("contributions").get(1).get("reason").asText());
    assertFalse(delivery.body().toString().contains("lee@shop.example"), "no personal data leaves in the webhook");
    Thread.sleep(500); // time for a second delivery, which must not come
    assertEquals(1, webhook.deliveries().size(), "told once, though the score moved again after");
  }

  private static JsonNode lead(String sessionId) throws Exception {
    JsonNode session = JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/sessions/" + sessionId + "?tenant=acme",
        null).body());
    return session.get("lead");
  }

  private static WebhookReceiver.Delivery awaitDelivery() {
    await("the webhook told of a lead").atMost(Duration.ofSeconds(15)).until(() -> !webhook.deliveries().isEmpty());
    return webhook.deliveries().get(0);
  }
}
