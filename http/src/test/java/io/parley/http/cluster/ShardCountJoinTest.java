package io.parley.http.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import io.parley.persistence.ShardCount;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes with the node's own configuration, on loopback: a node with another number of shards is
 * refused at the join (Pekko's typed sharding checks the count), as docs/cluster.md promises for a
 * node of a release from before the count was recorded.
 */
class ShardCountJoinTest {
  private final List<ActorSystem<Void>> nodes = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(ActorSystem::terminate);
    nodes.forEach(node -> node.getWhenTerminated().toCompletableFuture().join());
  }

  @Test
  void aNodeWithAnotherNumberOfShardsCannotJoin() throws InterruptedException {
    ActorSystem<Void> first = node(100);
    Cluster.get(first).manager().tell(Join.create(address(first)));
    ActorSystem<Void> same = node(100);
    ActorSystem<Void> older = node(1000);
    Cluster.get(same).manager().tell(new JoinSeedNodes(List.of(address(first))));
    Cluster.get(older).manager().tell(new JoinSeedNodes(List.of(address(first))));

    awaitUp(first, Set.of(address(first), address(same)));
    // The refused node asked as soon as the other: given as long again, it is still outside.
    Thread.sleep(2_000);

    assertEquals(Set.of(address(first), address(same)), members(first));
    assertEquals(MemberStatus.removed(), Cluster.get(older).selfMember().status());
  }

  private ActorSystem<Void> node(int shards) {
    ActorSystem<Void> node = ActorSystem.create(Behaviors.empty(), ClusterSettings.SYSTEM_NAME,
        ConfigFactory.parseMap(Map.of(
                "pekko.remote.artery.canonical.hostname", "127.0.0.1",
                "pekko.remote.artery.canonical.port", 0,
                ShardCount.PEKKO_SETTING, shards,
                "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on"))
            .withFallback(ConfigFactory.load()));
    nodes.add(node);
    return node;
  }

  private static Address address(ActorSystem<Void> node) {
    return Cluster.get(node).selfMember().address();
  }

  private static Set<Address> members(ActorSystem<Void> node) {
    return StreamSupport.stream(Cluster.get(node).state().getMembers().spliterator(), false)
        .filter(member -> member.status() == MemberStatus.up())
        .map(Member::address)
        .collect(Collectors.toSet());
  }

  private static void awaitUp(ActorSystem<Void> node, Set<Address> expected) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (!members(node).equals(expected) && Instant.now().isBefore(deadline)) Thread.sleep(50);
    assertEquals(expected, members(node));
  }
}
