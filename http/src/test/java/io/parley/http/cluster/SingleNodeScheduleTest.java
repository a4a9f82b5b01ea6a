package io.parley.http.cluster;

import static io.parley.core.testing.Awaiting.await;
import static io.parley.http.cluster.LoopbackCluster.address;
import static io.parley.http.cluster.LoopbackCluster.awaitUp;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.sessions.SingleNodeSchedule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.apache.pekko.cluster.typed.Leave;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A chore that every node of a cluster starts (the retention sweep) runs on one node at a time, and
 * goes on on another when that node leaves.
 */
class SingleNodeScheduleTest {
  private static final Duration EVERY = Duration.ofMillis(50);
  private final LoopbackCluster cluster = new LoopbackCluster();

  @AfterEach
  void stop() {
    cluster.stop();
  }

  @Test
  void everyNodeStartsTheChoreAndOneNodeAtATimeRunsIt() throws Exception {
    ActorSystem<Void> first = cluster.node(Map.of());
    Cluster.get(first).manager().tell(Join.create(address(first)));
    ActorSystem<Void> second = cluster.node(Map.of());
    Cluster.get(second).manager().tell(new JoinSeedNodes(List.of(address(first))));
    awaitUp(first, Set.of(address(first), address(second)));

    AtomicInteger onFirst = new AtomicInteger();
    AtomicInteger onSecond = new AtomicInteger();
    SingleNodeSchedule.start(first, "chore", EVERY, ForkJoinPool.commonPool(), onFirst::incrementAndGet);
    SingleNodeSchedule.start(second, "chore", EVERY, ForkJoinPool.commonPool(), onSecond::incrementAndGet);

    await("the oldest node runs the chore").atMost(Duration.ofSeconds(20)).until(() -> onFirst.get() >= 10);
    assertEquals(0, onSecond.get(), "the other node, which started it too, never ran it");

    Cluster.get(first).manager().tell(Leave.create(address(first)));
    first.getWhenTerminated().toCompletableFuture().join();
    int ranOnFirst = onFirst.get();
    await("the node left runs it now").atMost(Duration.ofSeconds(30)).until(() -> onSecond.get() >= 5);
    assertEquals(ranOnFirst, onFirst.get(), "the node that left runs it no more");
  }
}
