package io.parley.http.cluster;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.cluster.LoopbackCluster.address;
import static io.parley.http.cluster.LoopbackCluster.awaitUp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a cluster-wide limit is divided by: the members up, as each node sees them, itself at the least. */
class MembersUpTest {
  private final LoopbackCluster cluster = new LoopbackCluster();

  @AfterEach
  void stop() {
    cluster.stop();
  }

  @Test
  void theMembersUpAreCountedAsTheyJoinAndLeave() throws Exception {
    ActorSystem<Void> first = cluster.node(Map.of());
    MembersUp counted = new MembersUp(first);
    assertEquals(1, counted.getAsInt(), "a node not yet joined counts itself");
    Cluster.get(first).manager().tell(Join.create(address(first)));
    ActorSystem<Void> second = cluster.node(Map.of());
    Cluster.get(second).manager().tell(new JoinSeedNodes(List.of(address(first))));
    awaitUp(first, Set.of(address(first), address(second)));
    awaitUp(second, Set.of(address(first), address(second)));
    assertEquals(2, counted.getAsInt());
    assertEquals(2, new MembersUp(second).getAsInt());

    Cluster.get(second).manager().tell(Leave.create(address(second)));
    await("the member that left is no longer counted").atMost(Duration.ofSeconds(20)).until(() -> counted.getAsInt() == 1);
  }
}
