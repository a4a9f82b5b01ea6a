package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigFactory;
import io.parley.http.cluster.TenantSync;
import io.parley.persistence.testing.TestPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two nodes on one PostgreSQL database: a tenant the operator creates through one node serves its
 * customers on the other within moments, and disabling it there closes their sockets. The
 * periodic reload is set to an hour, so what carries the change is the notice every node hears.
 */
class TenantsClusterTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration DEADLINE = Duration.ofSeconds(5);
  private static final String KEY = "pk_northwind_0123456789";
  private static final String ADMIN_KEY = "sk_northwind_admin_0123456789abc";
  @AutoClose private InJvmCluster nodes;

  @BeforeEach
  void start() throws Exception {
    nodes = TestNode.cluster(TestPostgres.newDatabase(), Optional.empty(), 2, config -> ParleyNode.start(
        ConfigFactory.parseMap(Map.of("parley.management.ops-token", OpsClient.TOKEN,
            "parley.identity.reload-interval", "1h")).withFallback(config)));
  }

  @Test
  void aTenantCreatedOnOneNodeChatsOnTheOtherAndDisablingItThereClosesItsSockets() throws Exception {
    ParleyNode operatorsNode = nodes.get(0);
    ParleyNode customersNode = nodes.get(1);
    ObjectNode entry = TenantsEndToEndTest.entry(ADMIN_KEY, KEY);
    awaitTopicOnBothNodes(operatorsNode);
    assertEquals(201, put(operatorsNode, "northwind", entry).statusCode());

    try (ChatClient customer = awaitSocket(customersNode)) {
      customer.startNew();
      assertTrue(customer.say("c-1", "Where is my order?").has("seq"), "the customer chats on the other node");

      assertEquals(200, put(operatorsNode, "northwind", entry.deepCopy().put("disabled", true)).statusCode());
      assertEquals("tenant_disabled", customer.expect("closed").get("reason").asText());
    }
    HttpResponse<String> refused = TestIdentity.call(customersNode.httpPort(), "GET", "/v1/tickets",
        "Bearer " + ADMIN_KEY, null);
    assertEquals(403, refused.statusCode(), refused.body());
  }

  /**
   * Until the operator's node knows the other node's tenants topic: a topic learns of another
   * node's through the receptionist's gossip, a moment after the cluster forms, and a notice
   * published before that reaches only the periodic reload (docs/tenants.md), which is off here.
   */
  private static void awaitTopicOnBothNodes(ParleyNode node) throws Exception {
    ActorRef<Topic.Command<TenantSync.TenantsChanged>> topic = Adapter.toTyped(Adapter.toClassic(node.system())
        .actorSelection("/system/tenants-topic").resolveOne(Duration.ofSeconds(5)).toCompletableFuture().get());
    await("the nodes' tenants topics found each other").atMost(Duration.ofSeconds(30))
        .until(() -> AskPattern.<Topic.Command<TenantSync.TenantsChanged>, Topic.TopicStats>ask(topic, Topic::getTopicStats,
            Duration.ofSeconds(5), node.system().scheduler()).toCompletableFuture().get().topicInstanceCount() >= 2);
  }

  /** The customer's socket on {@code node}, once that node knows the tenant: polled, as the notice takes a moment. */
  private static ChatClient awaitSocket(ParleyNode node) {
    // Refused (a CompletionException) until the other node learns of the tenant.
    return await("the other node learning of the tenant").atMost(DEADLINE).pollInterval(Duration.ofMillis(50))
        .ignoreExceptionsInstanceOf(CompletionException.class)
        .until(() -> ChatClient.open(node.httpPort(), "/v1/chat/ws?key=" + KEY), Objects::nonNull);
  }

  private static HttpResponse<String> put(ParleyNode node, String tenant, ObjectNode entry) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/v1/tenants/" + tenant))
        .PUT(HttpRequest.BodyPublishers.ofString(entry.toString())).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + OpsClient.TOKEN).build(), HttpResponse.BodyHandlers.ofString());
  }
}
