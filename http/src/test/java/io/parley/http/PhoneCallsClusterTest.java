package io.parley.http;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import io.parley.core.llm.testing.FakeChatCompletionsServer;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * The calls of a cluster, seen from a node that holds none: two nodes in one JVM, telephony on the
 * first only; a call to the first is listed by the second's {@code GET /v1/calls} and
 * {@code /cluster/calls}, under the first's address.
 */
@RealTime
class PhoneCallsClusterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @AutoClose private final FakeChatCompletionsServer model = FakeChatCompletionsServer.start(request -> "Hello.");
  @AutoClose private InJvmCluster nodes;

  @Test
  void aNodeWithoutTelephonyListsTheCallsOfTheNodeThatAnsweredThem() throws Exception {
    PhonePorts ports = PhonePorts.take(20);
    Map<String, Object> sip = ports.settingsWith(Map.of("parley.management.ops-token", OpsClient.TOKEN));
    AtomicInteger started = new AtomicInteger();
    nodes = TestNode.cluster(TestPostgres.newDatabase(), Optional.of(model.baseUrl()), 2, config ->
        ParleyNode.start(ConfigFactory.parseMap(started.getAndIncrement() == 0 ? sip
            : Map.of("parley.management.ops-token", OpsClient.TOKEN)).withFallback(config)));
    ParleyNode answering = nodes.get(0);
    ParleyNode asked = nodes.get(1);

    try (TestPhone phone = new TestPhone(LoopbackPorts.port())) {
      String sessionId = phone.answeredCall(ports.sip());

      // The receptionist's listing reaches the other node by gossip, within a moment.
      JsonNode calls = awaitCalls(asked, listed -> listed.get("calls").size() == 1);
      assertEquals(sessionId, calls.get("calls").get(0).get("sessionId").asText());
      assertTrue(calls.get("complete").asBoolean(), calls.toString());

      JsonNode perNode = OpsClient.withToken(asked.managementPort()).json("/cluster/calls");
      assertEquals(1, perNode.get("calls").asInt(), perNode.toString());
      assertEquals(1, perNode.get("nodes").size(), "only the node with telephony holds calls: " + perNode);
      assertEquals(TestNode.address(answering), perNode.get("nodes").get(0).get("address").asText().replace("pekko://", ""));
      assertEquals(1, perNode.get("nodes").get(0).get("calls").asInt());

      phone.hangUp();
      awaitCalls(asked, listed -> listed.get("calls").isEmpty());
    }
  }

  private static JsonNode awaitCalls(ParleyNode node, Predicate<JsonNode> condition) throws Exception {
    return await("the calls").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
      HttpResponse<String> response = TestIdentity.call(node.httpPort(), "GET", "/v1/calls",
          "Bearer " + TestIdentity.agentKey(TestIdentity.DEFAULT_TENANT), null);
      assertEquals(200, response.statusCode(), response.body());
      return JSON.readTree(response.body());
    }, condition);
  }
}
