package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.persistence.testing.TestPostgres;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cluster-management port: the operator token guards members, shards and member operations
 * (a second node joins and is downed through it); health checks and bootstrap stay open for
 * probes and other nodes; the main port's {@code /health/*} agree with the management port's.
 */
class ManagementApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final RunningNode node = RunningNode.offline(Map.of("parley.management.ops-token", OpsClient.TOKEN));

  @Test
  void clusterRoutesRefuseAMissingOrWrongToken() {
    HttpResponse<String> missing = OpsClient.as(node.managementPort(), Optional.empty()).get("/cluster/members");
    assertEquals(401, missing.statusCode(), missing.body());
    assertEquals("Bearer realm=\"parley-ops\"", missing.headers().firstValue("WWW-Authenticate").orElse(""));
    assertTrue(missing.body().contains("\"unauthorized\""), missing.body());

    HttpResponse<String> wrong = OpsClient.as(node.managementPort(), Optional.of(OpsClient.TOKEN + "x")).get("/cluster/members");
    assertEquals(401, wrong.statusCode(), wrong.body());
    HttpResponse<String> leave = OpsClient.as(node.managementPort(), Optional.empty())
        .put("/cluster/members/" + selfAddress(), "operation", "Leave");
    assertEquals(401, leave.statusCode(), "a member operation without the token changes nothing");
    assertEquals(401, OpsClient.as(node.managementPort(), Optional.empty()).get("/cluster/sharding").statusCode());
  }

  @Test
  void metricsNameTenantsSoTheyAnswerOnlyToTheOperatorTokenWhenOneIsSet() {
    HttpResponse<String> anonymous = OpsClient.as(node.httpPort(), Optional.empty()).get("/metrics");
    assertEquals(401, anonymous.statusCode(), anonymous.body());
    assertEquals(401, OpsClient.as(node.httpPort(), Optional.of(OpsClient.TOKEN + "x")).get("/metrics").statusCode());
    HttpResponse<String> operator = OpsClient.withToken(node.httpPort()).get("/metrics");
    assertEquals(200, operator.statusCode());
    assertTrue(operator.body().contains("parley_chat_connections"), operator.body());
  }

  @Test
  void theMetricsCountTheResponsesByStatus() {
    OpsClient operator = OpsClient.withToken(node.httpPort());
    String notFound = "parley_http_responses_total{status=\"404\"}";
    String before = operator.get("/metrics").body();
    assertEquals(404, operator.get("/v1/no-such-route").statusCode());
    String after = operator.get("/metrics").body();
    assertEquals(1.0, OpsClient.sample(after, notFound) - OpsClient.sample(before, notFound), after);
    assertTrue(OpsClient.sample(after, "parley_http_responses_total{status=\"200\"}") >= 1, "the scrape before: " + after);
  }

  @Test
  void membersAndShardsWithTheToken() throws Exception {
    JsonNode members = OpsClient.withToken(node.managementPort()).json("/cluster/members");
    assertEquals(1, members.get("members").size(), members.toString());
    assertEquals("Up", members.get("members").get(0).get("status").asText());
    assertEquals(selfAddress(), members.get("selfNode").asText());

    try (ChatClient client = ChatClient.connect(node.httpPort(), "acme")) {
      client.startNew();
    }
    JsonNode sharding = OpsClient.withToken(node.managementPort()).json("/cluster/sharding");
    JsonNode chatSessions = sharding.get("entityTypes").get(0);
    assertEquals("ChatSession", chatSessions.get("name").asText());
    assertEquals(selfAddress(), chatSessions.get("regions").get(0).get("address").asText());
    assertTrue(chatSessions.get("entities").asLong() >= 1, sharding.toString());
    // The session asked its tenant's configuration: a sharded entity of a type of its own.
    assertTrue(entityType(sharding, "TenantBotConfig").get("entities").asLong() >= 1, sharding.toString());
    for (JsonNode type : sharding.get("entityTypes")) {
      assertTrue(type.get("started").asBoolean() && type.get("answered").asBoolean(), "this node runs each: " + type);
    }

    JsonNode localRegion = OpsClient.withToken(node.managementPort()).json("/cluster/shards/ChatSession");
    assertTrue(localRegion.get("regions").size() >= 1, "Pekko Management's own shard route: " + localRegion);
  }

  @Test
  void eachMemberNamesTheReleaseItRunsAsTheBuildWroteIt() throws Exception {
    JsonNode versions = OpsClient.withToken(node.managementPort()).json("/cluster/versions");
    String release = System.getProperty("parley.release");
    assertEquals(selfAddress(), versions.get("members").get(0).get("address").asText(), versions.toString());
    assertEquals(release, versions.get("members").get(0).get("version").asText(), versions.toString());
    assertEquals(1, versions.get("versions").get(release).asInt(), versions.toString());
    assertEquals(401, OpsClient.as(node.managementPort(), Optional.empty()).get("/cluster/versions").statusCode());
  }

  @Test
  void workflowsAreInTheShardingStatsAndAStatusQueryForAnUnknownOneLeavesNoneRunning() throws Exception {
    JsonNode types = OpsClient.withToken(node.managementPort()).json("/cluster/sharding").get("entityTypes");
    assertEquals(List.of("ChatSession", "Workflow", "TenantTokenBudget", "TenantVoiceSpend", "TenantBotConfig",
        "AgentQueue", "PhoneDirectory"), types.findValuesAsText("name"));

    HttpResponse<String> unknown = OpsClient.as(node.httpPort(), Optional.empty()).get("/v1/workflows/no-such-flow?tenant=acme");
    assertEquals(404, unknown.statusCode(), unknown.body());
    HttpResponse<String> malformed = OpsClient.as(node.httpPort(), Optional.empty()).get("/v1/workflows/no%20such!?tenant=acme");
    assertEquals(400, malformed.statusCode(), malformed.body());
    assertTrue(malformed.body().contains("bad_request"), malformed.body());
    EscalationEndToEndTest.awaitNoWorkflowInMemory(node.node());
  }

  @Test
  void probesNeedNoTokenAndBootstrapIsServedOnlyWhereNodesDiscoverTheirCluster() throws Exception {
    OpsClient anonymous = OpsClient.as(node.managementPort(), Optional.empty());
    assertEquals(200, anonymous.get("/startup").statusCode());
    assertEquals(200, anonymous.get("/ready").statusCode());
    assertEquals(200, anonymous.get("/alive").statusCode());
    // This node joins its seed nodes (itself): no other node asks it for contact points, so the
    // bootstrap routes are not there and the path is one more operator route (ClusterBootstrapTest
    // has the discovering side).
    HttpResponse<String> seeds = anonymous.get("/bootstrap/seed-nodes");
    assertEquals(401, seeds.statusCode(), seeds.body());
    assertFalse(seeds.body().contains(selfAddress()), seeds.body());

    HttpResponse<String> ready = OpsClient.as(node.httpPort(), Optional.empty()).get("/health/ready");
    assertEquals(200, ready.statusCode(), ready.body());
    assertEquals("up", JSON.readTree(ready.body()).get("cluster").asText());
    assertEquals(200, OpsClient.as(node.httpPort(), Optional.empty()).get("/health/live").statusCode());
  }

  @Test
  void anOperatorCanDownAMember() throws Exception {
    int firstPort = org.apache.pekko.cluster.typed.Cluster.get(node.node().system()).selfMember().address().getPort().orElseThrow();
    try (ParleyNode second = ParleyNode.start(TestNode.config(node.database(), Optional.empty(), Map.of(
        "parley.management.ops-token", OpsClient.TOKEN, "parley.cluster.seed-nodes", "127.0.0.1:" + firstPort)))) {
      String secondAddress = org.apache.pekko.cluster.typed.Cluster.get(second.system()).selfMember().address().toString();
      awaitMemberCount(2);
      HttpResponse<String> down = OpsClient.withToken(node.managementPort())
          .put("/cluster/members/" + secondAddress, "operation", "Down");
      assertEquals(200, down.statusCode(), down.body());
      second.system().getWhenTerminated().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
      awaitMemberCount(1);
    }
  }

  private static void awaitMemberCount(int count) throws InterruptedException {
    OpsClient.withToken(node.managementPort()).membersUp(count, Duration.ofSeconds(30));
  }

  @Test
  void withoutAConfiguredTokenClusterManagementIsOff() throws Exception {
    try (ParleyNode unguarded = ParleyNode.start(TestNode.config(TestPostgres.newDatabase(), Optional.empty(), Map.of()))) {
      HttpResponse<String> members = OpsClient.withToken(unguarded.managementPort()).get("/cluster/members");
      assertEquals(403, members.statusCode(), members.body());
      assertTrue(members.body().contains("PARLEY_OPS_TOKEN"), members.body());
      assertEquals(200, OpsClient.as(unguarded.managementPort(), Optional.empty()).get("/ready").statusCode());
    }
  }

  private static String selfAddress() {
    return org.apache.pekko.cluster.typed.Cluster.get(node.node().system()).selfMember().address().toString();
  }

  private static JsonNode entityType(JsonNode sharding, String name) {
    for (JsonNode type : sharding.get("entityTypes")) {
      if (type.get("name").asText().equals(name)) return type;
    }
    throw new AssertionError(name + " is not in " + sharding);
  }
}
