package io.parley.sessions;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.SingletonActor;

/**
 * A chore the cluster does once however many nodes run, such as the retention sweep: a cluster
 * singleton (on the oldest node, handed over when that node leaves or is downed) that runs it on
 * {@code blocking}, the next run an {@code interval} after one ends, so runs never overlap. A chore
 * that throws is the chore's business to log; the schedule goes on.
 */
public final class SingleNodeSchedule {
  private enum Tick { DUE, DONE }

  private SingleNodeSchedule() {}

  /** Starts the singleton {@code name} on this node's side of the cluster (every node calls it). */
  public static void start(ActorSystem<?> system, String name, Duration interval, Executor blocking, Runnable chore) {
    ClusterSingleton.get(system).init(SingletonActor.of(behavior(interval, blocking, chore), name));
  }

  static Behavior<Tick> behavior(Duration interval, Executor blocking, Runnable chore) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startSingleTimer(Tick.DUE, interval);
      return Behaviors.receive(Tick.class)
          .onMessageEquals(Tick.DUE, () -> {
            context.pipeToSelf(CompletableFuture.runAsync(chore, blocking), (done, failure) -> Tick.DONE);
            return Behaviors.same();
          })
          .onMessageEquals(Tick.DONE, () -> {
            timers.startSingleTimer(Tick.DUE, interval);
            return Behaviors.same();
          })
          .build();
    }));
  }
}
