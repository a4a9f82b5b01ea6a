package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.DatabaseSettings;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
  }

  /** A node; {@code privateAddresses}: whether tenants' URLs may reach this machine, as the test's receivers are. */
  private void startNode(boolean privateAddresses) throws Exception {
    node = ParleyNode.start(TestNode.config(DatabaseSettings.h2(Files.createTempDirectory("parley-webhook-url")),
        Optional.empty(), Map.of("parley.workflows.webhooks", nodeHook.setting("acme"),
            "parley.workflows.webhook-private-addresses", privateAddresses)));
  }

  @AfterEach
  void stop() {
    if (node != null) node.close();
    nodeHook.close();
    tenantHook.close();
  }

  @Test
  void aTenantsUrlOnTheOperatorsOwnNetworkIsNeverPostedTo() throws Exception {
    startNode(false);
    assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"leadThreshold\": 1, \"webhookUrl\": \"" + tenantHook.url() + "\"}}").statusCode());
    String sessionId;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = customer.startNew();
      assertEquals("ack", customer.say("m-1", "Do you have a plan for teams?").get("type").asText());
    }
    JsonNode workflow = null;
    for (long deadline = System.nanoTime() + 15_000_000_000L; System.nanoTime() < deadline; Thread.sleep(100)) {
      HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET",
          "/v1/workflows/lead-" + sessionId + "?tenant=acme", null);
      workflow = response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
      if (workflow != null && Set.of("failed", "compensated").contains(workflow.path("status").asText())) break;
    }
    assertTrue(workflow != null && workflow.toString().contains("resolves to a private address"), String.valueOf(workflow));
    assertEquals(0, tenantHook.deliveries().size(), "a loopback URL of the tenant's is refused by default");
    assertEquals(0, nodeHook.deliveries().size(), "nor does the event go to the node's URL instead");
  }

  @Test
  void theTenantsWebhookUrlReplacesTheNodesAndKeepsTheNodesSignature() throws Exception {
    startNode(true);
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
