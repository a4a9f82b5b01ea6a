package io.parley.http.cluster;

import static io.parley.core.testing.Awaiting.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Actor systems with the node's own configuration in one JVM, on loopback ports the OS picks: the
 * cluster of a test that needs nodes but not their HTTP. {@link #stop} terminates them all.
 */
final class LoopbackCluster {
  private final List<ActorSystem<Void>> nodes = new ArrayList<>();

  /** A node with {@code overrides} over the node's configuration, not yet joined. */
  ActorSystem<Void> node(Map<String, Object> overrides) {
    Map<String, Object> settings = new HashMap<>(Map.of(
        "pekko.remote.artery.canonical.hostname", "127.0.0.1",
        "pekko.remote.artery.canonical.port", 0,
        "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on"));
    settings.putAll(overrides);
    ActorSystem<Void> node = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME,
        ConfigFactory.parseMap(settings).withFallback(ConfigFactory.load()));
    nodes.add(node);
    return node;
  }

  void stop() {
    nodes.forEach(ActorSystem::terminate);
    nodes.forEach(node -> node.getWhenTerminated().toCompletableFuture().join());
  }

  static Address address(ActorSystem<Void> node) {
    return Cluster.get(node).selfMember().address();
  }

  /** The members {@code node} sees up. */
  static Set<Address> members(ActorSystem<Void> node) {
    return StreamSupport.stream(Cluster.get(node).state().getMembers().spliterator(), false)
        .filter(member -> member.status() == MemberStatus.up())
        .map(Member::address)
        .collect(Collectors.toSet());
  }

  static void awaitUp(ActorSystem<Void> node, Set<Address> expected) {
    await("the members " + expected + " up").atMost(Duration.ofSeconds(20)).until(() -> members(node), expected::equals);
    assertEquals(expected, members(node));
  }
}
