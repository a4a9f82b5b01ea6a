package io.parley.http.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.parley.core.config.InvalidSettingException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {
  @Test
  void defaultsFormAClusterOfOneWithManagementOffUntilATokenIsSet() {
    ClusterSettings settings = settings(Map.of());
    assertEquals(ClusterSettings.Discovery.NONE, settings.discovery());
    assertEquals(List.of(), settings.seedNodes());
    assertEquals(8558, settings.managementPort());
    assertTrue(settings.opsToken().isEmpty());
  }

  @Test
  void seedNodesAreHostPortPairs() {
    ClusterSettings settings = settings(Map.of("parley.cluster.seed-nodes", "10.0.0.5:25520, parley-0.parley:25521"));
    assertEquals(List.of(new Address("pekko", "parley", "10.0.0.5", 25520),
        new Address("pekko", "parley", "parley-0.parley", 25521)), settings.seedNodes());
    for (String bad : new String[] {"10.0.0.5", "10.0.0.5:0", "10.0.0.5:70000", "pekko://parley@10.0.0.5:25520", "a:1,,b:2"}) {
      InvalidSettingException e = assertThrows(InvalidSettingException.class,
          () -> settings(Map.of("parley.cluster.seed-nodes", bad)), bad);
      assertTrue(e.getMessage().startsWith("PARLEY_SEED_NODES (parley.cluster.seed-nodes): expected comma-separated host:port"),
          e.getMessage());
    }
  }

  @Test
  void theNumberOfShardsIsTheDatabasesUnlessAWholeNumberIsSet() {
    assertTrue(settings(Map.of()).shards().isEmpty());
    assertEquals(Optional.of(64), settings(Map.of("parley.cluster.shards", "64")).shards());
    assertEquals(Optional.of(300), settings(Map.of("pekko.cluster.sharding.number-of-shards", "300")).shards(),
        "set directly in Pekko's setting, as -D would");
    for (String bad : new String[] {"0", "-3", "many", "100001", "1e3"}) {
      InvalidSettingException e =
          assertThrows(InvalidSettingException.class, () -> settings(Map.of("parley.cluster.shards", bad)), bad);
      assertTrue(e.getMessage().startsWith("PARLEY_CLUSTER_SHARDS (parley.cluster.shards): expected a whole number"),
          e.getMessage());
    }
  }

  @Test
  void discoveryIsNoneOrKubernetesApiAndExcludesSeedNodes() {
    assertEquals(ClusterSettings.Discovery.KUBERNETES_API,
        settings(Map.of("parley.cluster.discovery", "kubernetes-api")).discovery());
    assertTrue(assertThrows(InvalidSettingException.class, () -> settings(Map.of("parley.cluster.discovery", "dns")))
        .getMessage().startsWith("PARLEY_CLUSTER_DISCOVERY"));
    assertTrue(assertThrows(InvalidSettingException.class, () -> settings(Map.of(
            "parley.cluster.discovery", "kubernetes-api", "parley.cluster.seed-nodes", "10.0.0.5:25520")))
        .getMessage().startsWith("PARLEY_SEED_NODES"));
    assertTrue(assertThrows(InvalidSettingException.class, () -> settings(Map.of(
            "parley.cluster.discovery", "kubernetes-api",
            "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr", "zero")))
        .getMessage().startsWith("PARLEY_CLUSTER_REQUIRED_CONTACTS"));
  }

  @Test
  void aShortOpsTokenIsRefusedWithoutBeingEchoed() {
    InvalidSettingException e = assertThrows(InvalidSettingException.class,
        () -> settings(Map.of("parley.management.ops-token", "secret123")));
    assertTrue(e.getMessage().startsWith("PARLEY_OPS_TOKEN"), e.getMessage());
    assertFalse(e.getMessage().contains("secret123"), "the token never appears in a message: " + e.getMessage());
    assertTrue(assertThrows(InvalidSettingException.class,
        () -> settings(Map.of("parley.management.ops-token", "a token with spaces in it"))).getMessage().startsWith("PARLEY_OPS_TOKEN"));
  }

  @Test
  void opsTokenMatchesOnlyItself() {
    OpsToken token = settings(Map.of("parley.management.ops-token", "0123456789abcdef0123")).opsToken().orElseThrow();
    assertTrue(token.matches("0123456789abcdef0123"));
    assertFalse(token.matches("0123456789abcdef012"));
    assertFalse(token.matches("0123456789abcdef01234"));
    assertFalse(token.matches(""));
    assertFalse(token.matches(null));
    assertFalse(token.toString().contains("0123"), "toString redacts the token");
  }

  @Test
  void onlyAClusterOfOneReadsItsSocketsOnTheDefaultDispatcher() {
    String socketDispatcher = "pekko.io.tcp.worker-dispatcher";
    Map<String, String> alone = Map.of();
    assertEquals("pekko.actor.default-dispatcher",
        ClusterFormation.overlay(settings(alone), config(alone)).getString(socketDispatcher));
    Map<String, String> withPeers = Map.of("parley.cluster.seed-nodes", "10.0.0.5:25520");
    assertEquals("pekko.actor.internal-dispatcher", ClusterFormation.overlay(settings(withPeers), config(withPeers))
        .getString(socketDispatcher), "heartbeats between nodes do not wait behind chat traffic");
    Map<String, String> discovered = Map.of("parley.cluster.discovery", "kubernetes-api");
    assertEquals("pekko.actor.internal-dispatcher", ClusterFormation.overlay(settings(discovered), config(discovered))
        .getString(socketDispatcher));
  }

  private static Config config(Map<String, String> values) {
    return ConfigFactory.parseMap(values).withFallback(ConfigFactory.load());
  }

  private static ClusterSettings settings(Map<String, String> values) {
    return ClusterSettings.create(config(values));
  }
}
