package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two nodes configured as on Kubernetes (PARLEY_CLUSTER_DISCOVERY=kubernetes-api, no seed nodes)
 * form one cluster through Cluster Bootstrap, probing each other's management port. Only the
 * discovery method differs: a fixed list of contact points stands in for the Kubernetes API,
 * which a test cannot reach; RBAC and pod labels are checked by KubernetesManifestsTest.
 */
class ClusterBootstrapTest {
  @Test
  void nodesFormOneClusterThroughTheirManagementPorts() throws Exception {
    DatabaseSettings database = TestPostgres.newDatabase();
    int[] management = {NodeProcess.freePort(), NodeProcess.freePort()};
    try (ParleyNode first = ParleyNode.start(config(database, management, 0));
        ParleyNode second = ParleyNode.start(config(database, management, 1))) {
      for (ParleyNode node : List.of(first, second)) {
        JsonNode members = awaitMembers(node, 2);
        members.get("members").forEach(m -> assertEquals("Up", m.get("status").asText(), members.toString()));
      }
    }
  }

  private static com.typesafe.config.Config config(DatabaseSettings database, int[] management, int self) {
    Map<String, Object> overrides = new HashMap<>();
    overrides.put("parley.cluster.discovery", "kubernetes-api");
    overrides.put("parley.management.ops-token", OpsClient.TOKEN);
    overrides.put("pekko.management.http.port", management[self]);
    overrides.put("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method", "config");
    overrides.put("pekko.management.cluster.bootstrap.contact-point-discovery.stable-margin", "1s");
    for (int i = 0; i < management.length; i++) {
      overrides.put("pekko.discovery.config.services.parley.endpoints." + i + ".host", "127.0.0.1");
      overrides.put("pekko.discovery.config.services.parley.endpoints." + i + ".port", management[i]);
    }
    return TestNode.config(database, Optional.empty(), overrides);
  }

  private static JsonNode awaitMembers(ParleyNode node, int count) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(40);
    JsonNode members = null;
    while (System.nanoTime() < deadline) {
      members = OpsClient.withToken(node.managementPort()).json("/cluster/members");
      boolean allUp = true;
      for (JsonNode member : members.get("members")) allUp &= member.get("status").asText().equals("Up");
      if (members.get("members").size() == count && allUp) return members;
      Thread.sleep(250);
    }
    throw new AssertionError("no cluster of " + count + " formed through bootstrap: " + members);
  }
}
