package io.parley.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.persistence.DatabaseSettings;
import io.parley.persistence.testing.TestPostgres;
import java.time.Duration;
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

  /** The members once {@code count} formed a cluster through bootstrap, every one Up. */
  private static JsonNode awaitMembers(ParleyNode node, int count) throws InterruptedException {
    return OpsClient.withToken(node.managementPort()).membersUp(count, Duration.ofSeconds(40));
  }
}
