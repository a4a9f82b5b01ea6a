package io.parley.http;

import static io.parley.http.ChatClient.frame;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.core.testing.Awaiting;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Conversation event webhooks over real sockets on PostgreSQL: a tenant subscribes in its bot
 * configuration, a customer and an agent converse, and the tenant's receiver on loopback, which
 * answers 503 for a while, gets every event once (by its delivery id), in order, signed. A receiver
 * that keeps failing past the retry window leaves the deliveries failed; the tenant's admin lists
 * and redelivers one, an agent may not, and another tenant's admin sees none of it. A session nobody
 * wrote in is no conversation: nothing of it is delivered.
 */
class ConversationWebhooksEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern ORDER_NUMBER = Pattern.compile("(?<![\\w-])1042(?![\\w-])");
  private static final List<String> ALL_EVENTS = List.of("conversation.started", "conversation.closed", "message.created",
      "handoff.requested", "handoff.taken", "conversation.rated");
  @RegisterExtension static final LoopbackWebhook webhook = new LoopbackWebhook("acme-secret");
  @RegisterExtension
  static final RunningNode node = RunningNode.withModel(() -> FakeChatCompletionsServer.start(FakeChatCompletionsServer::echo),
      Map.of("parley.workflows.webhooks", webhook.setting("acme"),
          "parley.workflows.conversation-webhooks.retry-for", "6s",
          "parley.workflows.conversation-webhooks.first-retry", "200ms",
          "parley.workflows.conversation-webhooks.poll-every", "100ms"));
  private final WebhookReceiver receiver = webhook.receiver();

  @BeforeAll
  static void subscribe() throws Exception {
    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"webhookEvents\": " + JSON.writeValueAsString(ALL_EVENTS) + "}}");
    assertEquals(200, published.statusCode(), published.body());
  }

  @Test
  void everySubscribedEventArrivesOnceInOrderSignedThroughFailuresAndAFailedOneIsRedelivered() throws Exception {
    receiver.answer(503, 503, 503);
    String conversation = converseWithAnAgent();

    List<WebhookReceiver.Delivery> accepted = awaitAccepted(conversation, list -> list.stream()
        .anyMatch(d -> d.body().get("event").asText().equals("conversation.rated")));
    assertTrue(receiver.deliveries().stream().filter(d -> d.status() == 503).count() >= 3, "the receiver failed first");
    assertTrue(receiver.deliveries().stream().allMatch(WebhookReceiver.Delivery::signed), "every attempt is signed");
    Map<String, Long> timesAccepted = accepted.stream()
        .collect(Collectors.groupingBy(WebhookReceiver.Delivery::id, LinkedHashMap::new, Collectors.counting()));
    assertTrue(timesAccepted.values().stream().allMatch(n -> n == 1), "each delivery accepted once: " + timesAccepted);
    List<Long> sequence = accepted.stream().map(d -> d.body().get("sequence").asLong()).toList();
    assertEquals(sequence.stream().sorted().distinct().toList(), sequence, "in the conversation's order");
    List<String> events = accepted.stream().map(d -> d.body().get("event").asText()).toList();
    assertEquals("conversation.started", events.get(0), events.toString());
    assertEquals(1, events.stream().filter("conversation.started"::equals).count(), "the conversation starts once: " + events);
    assertEquals(Set.copyOf(ALL_EVENTS), Set.copyOf(events), "every subscribed kind: " + events);
    assertTrue(events.indexOf("handoff.requested") < events.indexOf("handoff.taken"), events.toString());
    assertTrue(events.indexOf("conversation.closed") < events.indexOf("conversation.rated"), events.toString());
    List<String> roles = accepted.stream().filter(d -> d.body().get("event").asText().equals("message.created"))
        .map(d -> d.body().get("data").get("role").asText()).toList();
    assertEquals(2, roles.stream().filter("user"::equals).count(), roles.toString());
    assertEquals(1, roles.stream().filter("agent"::equals).count(), roles.toString());
    assertTrue(roles.contains("assistant"), roles.toString());
    for (WebhookReceiver.Delivery delivery : accepted) {
      assertEquals(delivery.id(), delivery.body().get("id").asText(), "the header names the body's delivery");
      assertEquals("acme", delivery.body().get("tenant").asText());
      String body = delivery.body().toString();
      // The order number standing alone, as the messages wrote it: the ids and times hold 1042 at times among their digits.
      assertFalse(ORDER_NUMBER.matcher(body).find() || body.contains("human") || body.contains("Dana") || body.contains("lovelace"),
          "no text and no person in the payload: " + body);
    }
    JsonNode delivered = deliveries("acme", "delivered");
    Set<String> deliveredIds = new java.util.HashSet<>(delivered.findValuesAsText("id"));
    assertTrue(deliveredIds.containsAll(timesAccepted.keySet()), "the outbox marks them delivered: " + delivered);

    // A receiver that keeps failing: past the retry window the deliveries are failed.
    receiver.thenAlways(503);
    String failing = ConversationsEndToEndTest.converse(node.httpPort(), "acme", Optional.empty(), List.of("Hello"));
    JsonNode failed = await(() -> deliveries("acme", "failed"), page -> ofConversation(page, failing).size() == 4);
    List<JsonNode> stuck = ofConversation(failed, failing);
    assertEquals(List.of("conversation.closed", "message.created", "message.created", "conversation.started"),
        stuck.stream().map(delivery -> delivery.get("event").asText()).toList(), "newest first");
    stuck = stuck.reversed();
    assertTrue(stuck.get(0).get("lastError").asText().contains("503"), stuck.get(0).toString());

    assertEquals(403, TestIdentity.call(node.httpPort(), "GET", "/v1/webhooks/deliveries?tenant=acme&status=failed",
        "Bearer " + TestIdentity.agentKey("acme"), null).statusCode(), "agents do not see deliveries");
    String stuckId = stuck.get(0).get("id").asText();
    assertEquals(403, TestIdentity.call(node.httpPort(), "POST", "/v1/webhooks/deliveries/" + stuckId + "/redeliver?tenant=acme",
        "Bearer " + TestIdentity.agentKey("acme"), null).statusCode(), "nor redeliver");
    assertEquals(0, deliveries("globex", "failed").get("deliveries").size(), "another tenant's admin sees none");
    assertEquals(404, TestIdentity.asAdmin(node.httpPort(), "POST",
        "/v1/webhooks/deliveries/" + stuckId + "/redeliver?tenant=globex", null).statusCode(), "nor redelivers it");
    assertEquals(400, TestIdentity.asAdmin(node.httpPort(), "GET", "/v1/webhooks/deliveries?tenant=acme&status=lost", null)
        .statusCode());

    receiver.thenAlways(204);
    HttpResponse<String> redelivered = TestIdentity.asAdmin(node.httpPort(), "POST",
        "/v1/webhooks/deliveries/" + stuckId + "/redeliver?tenant=acme", null);
    assertEquals(202, redelivered.statusCode(), redelivered.body());
    awaitAccepted(failing, list -> list.stream().anyMatch(d -> d.id().equals(stuckId)));
    assertEquals(404, TestIdentity.asAdmin(node.httpPort(), "POST",
        "/v1/webhooks/deliveries/" + stuckId + "/redeliver?tenant=acme", null).statusCode(), "only a failed one is redelivered");
    JsonNode audit = await(() -> JSON.readTree(TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/audit?tenant=acme&action=webhook.redeliver", null).body()), page -> page.get("entries").size() >= 3);
    assertTrue(audit.toString().contains("/v1/webhooks/deliveries/" + stuckId + "/redeliver"),
        "the redelivery names its delivery in the audit log: " + audit);
  }

  @Test
  void aSessionNobodyWroteInIsNoConversationToTellOf() throws Exception {
    String bare = ConversationsEndToEndTest.converse(node.httpPort(), "acme", Optional.empty(), List.of());
    // Its close folded into its row: the projection has passed every event of the session.
    await(() -> closedRow(bare), closed -> closed);
    try (Connection connection = node.connect();
        PreparedStatement select = connection.prepareStatement("SELECT event FROM webhook_delivery WHERE session_id = ?")) {
      select.setString(1, bare);
      try (ResultSet rows = select.executeQuery()) {
        assertFalse(rows.next(), "no delivery of a session nobody wrote in: " + bare);
      }
    }
    assertTrue(receiver.deliveries().stream().noneMatch(d -> d.body().get("conversationId").asText().equals(bare)));
  }

  private static boolean closedRow(String sessionId) throws SQLException {
    try (Connection connection = node.connect();
        PreparedStatement select = connection.prepareStatement("SELECT closed_at FROM conversation WHERE session_id = ?")) {
      select.setString(1, sessionId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() && rows.getObject(1) != null;
      }
    }
  }

  /** A customer who talks to the bot, asks for a person, hears from agent Dana, closes and rates; the session id. */
  private static String converseWithAnAgent() throws Exception {
    // A name no id or time can hold among its hex digits, as "ada-" can.
    String user = "ada-lovelace-" + java.util.UUID.randomUUID();
    String sessionId;
    try (ChatClient agent = ChatClient.agent(node.httpPort(), "acme", "agent-dana", "Dana");
        ChatClient customer = ChatClient.connectAs(node.httpPort(), "acme", Optional.of(user))) {
      agent.expect("hello");
      sessionId = customer.startNew();
      customer.say("c-1", "Where is my order 1042?");
      customer.answerOf("turn-1");
      customer.say("c-2", "Can I talk to a human please?");
      assertEquals("waiting_for_agent", customer.expect("handoff").get("status").asText());
      agent.send(frame("take").put("sessionId", sessionId));
      agent.expect("conversation");
      assertEquals("agent", customer.expect("handoff").get("status").asText());
      agent.send(frame("reply").put("sessionId", sessionId).put("clientMsgId", "a-1").put("text", "Refunded order 1042."));
      agent.expect("ack");
      customer.next(f -> ChatClient.isMessage(f, "agent"));
      customer.send(frame("close").put("reason", "resolved"));
      customer.expect("closed");
    }
    HttpResponse<String> rated = TestIdentity.call(node.httpPort(), "POST", "/v1/sessions/" + sessionId + "/rating?tenant=acme",
        "Bearer " + TestIdentity.customerToken("acme", Optional.of(user)), "{\"score\": 5, \"comment\": \"Dana was quick\"}");
    assertEquals(201, rated.statusCode(), rated.body());
    return sessionId;
  }

  private static JsonNode deliveries(String tenant, String status) throws Exception {
    HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET",
        "/v1/webhooks/deliveries?tenant=" + tenant + "&status=" + status, null);
    assertEquals(200, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  private static List<JsonNode> ofConversation(JsonNode page, String sessionId) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode delivery : page.get("deliveries")) {
      if (delivery.get("conversationId").asText().equals(sessionId)) found.add(delivery);
    }
    return found;
  }

  /** The conversation's accepted deliveries, in the order they arrived, once {@code done}. */
  private List<WebhookReceiver.Delivery> awaitAccepted(String sessionId,
      Predicate<List<WebhookReceiver.Delivery>> done) throws Exception {
    return await(() -> receiver.deliveries().stream()
        .filter(d -> d.status() == 204 && d.body().get("conversationId").asText().equals(sessionId)).toList(), done);
  }

  private static <T> T await(Callable<T> probe, Predicate<T> done) throws Exception {
    return Awaiting.await("the deliveries").atMost(Duration.ofSeconds(90)).until(probe, done);
  }
}
