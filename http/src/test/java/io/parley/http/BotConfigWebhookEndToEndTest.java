package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.testing.TestH2;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
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
 * this machine is refused; one whose address the outbound policy refuses is never connected to,
 * loopback written as NAT64 or IPv4-compatible IPv6 included when loopback itself is allowed.
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

  /** A node; {@code allowedNetworks}: what it may reach besides public addresses (loopback, where the receivers are). */
  private void startNode(String allowedNetworks) throws Exception {
    node = ParleyNode.start(TestNode.config(TestH2.migratedIn(Files.createTempDirectory("parley-webhook-url")),
        Optional.empty(), Map.of("parley.workflows.webhooks", nodeHook.setting("acme"),
            "parley.outbound.allowed-networks", allowedNetworks)));
  }

  @AfterEach
  void stop() {
    if (node != null) node.close();
    nodeHook.close();
    tenantHook.close();
  }

  @Test
  void aTenantsUrlOnTheOperatorsOwnNetworkIsNeverPostedTo() throws Exception {
    startNode("");
    JsonNode workflow = failedDelivery(tenantHook.url());
    assertTrue(workflow.toString().contains("127.0.0.1 is loopback (127.0.0.0/8)"), workflow.toString());
    assertTrue(workflow.toString().contains("PARLEY_OUTBOUND_ALLOWED_NETWORKS"), "says how to allow it: " + workflow);
    assertEquals(0, tenantHook.deliveries().size(), "a loopback URL of the tenant's is refused by default");
    assertEquals(0, nodeHook.deliveries().size(), "nor does the event go to the node's URL instead");
  }

  @Test
  void loopbackWrittenAsAnotherIpv6AddressIsRefusedWhereLoopbackItselfIsAllowed() throws Exception {
    startNode("127.0.0.0/8,::1/128");
    int port = java.net.URI.create(tenantHook.url()).getPort();
    JsonNode nat64 = failedDelivery("https://[64:ff9b::7f00:1]:" + port + "/hook");
    assertTrue(nat64.toString().contains("64:ff9b::7f00:1 is NAT64 (64:ff9b::/96) of 127.0.0.1, which is loopback"),
        nat64.toString());
    JsonNode compatible = failedDelivery("https://[::127.0.0.1]:" + port + "/hook");
    assertTrue(compatible.toString().contains("::7f00:1 is IPv4-compatible (deprecated) (::/96)"), compatible.toString());
    assertEquals(0, tenantHook.deliveries().size());
    assertEquals(0, nodeHook.deliveries().size());
  }

  /** The lead workflow of a new session, once it failed to deliver to {@code webhookUrl}, which the tenant publishes. */
  private JsonNode failedDelivery(String webhookUrl) throws Exception {
    assertEquals(200, TestIdentity.asAdmin(node.httpPort(), "PUT", "/v1/config?tenant=acme",
        "{\"config\": {\"leadThreshold\": 1, \"webhookUrl\": \"" + webhookUrl + "\"}}").statusCode());
    String sessionId;
    try (ChatClient customer = ChatClient.connect(node.httpPort(), "acme")) {
      sessionId = customer.startNew();
      assertEquals("ack", customer.say("m-1", "Do you have a plan for teams?").get("type").asText());
    }
    JsonNode workflow = await("the lead workflow ended").atMost(Duration.ofSeconds(15)).until(() -> {
      HttpResponse<String> response = TestIdentity.asAdmin(node.httpPort(), "GET",
          "/v1/workflows/lead-" + sessionId + "?tenant=acme", null);
      return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }, ended -> ended != null && Set.of("failed", "compensated").contains(ended.path("status").asText()));
    assertTrue(workflow != null && Set.of("failed", "compensated").contains(workflow.path("status").asText()),
        "failed for good at once, not retried: " + workflow);
    return workflow;
  }

  @Test
  void theTenantsWebhookUrlReplacesTheNodesAndKeepsTheNodesSignature() throws Exception {
    startNode("127.0.0.0/8,::1/128");
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
    Thread.sleep(300); // time for a delivery to the node's URL, which must not come
    assertEquals(0, nodeHook.deliveries().size(), "the node's URL for the tenant hears nothing");
  }

  private static WebhookReceiver.Delivery awaitDelivery(WebhookReceiver hook) {
    await("a delivery to the tenant's webhook").atMost(Duration.ofSeconds(15)).until(() -> !hook.deliveries().isEmpty());
    return hook.deliveries().get(0);
  }
}
