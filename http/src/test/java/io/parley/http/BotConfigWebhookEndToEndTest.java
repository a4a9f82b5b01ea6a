package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.DatabaseSettings;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant's {@code webhookUrl} over real sockets: the node's {@code PARLEY_WEBHOOKS} names one
 * receiver for the tenant, the tenant's published configuration another; its qualified lead goes,
 * signed with the node's secret, to the tenant's receiver only. A URL that is neither https nor on
 * this machine is refused.
 */
class BotConfigWebhookEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private WebhookReceiver nodeHook;
  private WebhookReceiver tenantHook;
  private ParleyNode node;

  @BeforeEach
  void start() throws Exception {
    nodeHook = WebhookReceiver.start("acme-secret");
    tenantHook = WebhookReceiver.start("acme-secret");
    node = ParleyNode.start(TestNode.config(DatabaseSettings.h2(Files.createTempDirectory("parley-webhook-url")),
        Optional.empty(), Map.of("parley.workflows.webhooks", nodeHook.setting("acme"))));
  }

  @AfterEach
  void stop() {
    node.close();
    nodeHook.close();
    tenantHook.close();
  }

  @Test
  void theTenantsWebhookUrlReplacesTheNodesAndKeepsTheNodesSignature() throws Exception {
    HttpResponse<String> refused = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"webhookUrl\": \"http://hooks.example.com/parley\"}}");
    assertEquals(400, refused.statusCode());
    assertTrue(JSON.readTree(refused.body()).get("error").get("problems").get(0).asText()
        .startsWith("webhookUrl: must be an https URL"), refused.body());

    HttpResponse<String> published = TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"leadThreshold\": 1, \"webhookUrl\": \"" + tenantHook.url() + "\"}, \"message\": \"our own receiver\"}");
    assertEquals(200, published.statusCode(), published.body());
    String sessionId;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = customer.startNew();
      assertEquals("ack", customer.say("m-1", "Do you have a plan for teams?").get("type").asText());
    }

    WebhookReceiver.Delivery delivery = awaitDelivery(tenantHook);
    assertTrue(delivery.signed(), "signed with the node's secret for the tenant");
    assertEquals("lead.qualified", delivery.body().get("event").asText());
    assertEquals(sessionId, delivery.body().get("sessionId").asText());
    Thread.sleep(300);
    assertEquals(0, nodeHook.deliveries().size(), "the node's URL for the tenant hears nothing");
  }

  private static WebhookReceiver.Delivery awaitDelivery(WebhookReceiver hook) throws InterruptedException {
    for (long deadline = System.nanoTime() + 15_000_000_000L; System.nanoTime() < deadline; Thread.sleep(50)) {
      if (!hook.deliveries().isEmpty()) return hook.deliveries().get(0);
    }
    throw new AssertionError("the tenant's webhook heard nothing");
  }
}
