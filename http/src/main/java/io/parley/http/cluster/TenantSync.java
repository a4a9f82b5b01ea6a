package io.parley.http.cluster;

import io.parley.core.AsyncCause;
import io.parley.core.CborSerializable;
import io.parley.core.identity.TenantDirectory;
import io.parley.core.identity.TenantStore;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's {@link TenantDirectory} up to date with the tenants stored in the database.
 *
 * <p>Why cluster pub-sub and a reload, rather than Distributed Data holding the tenants: the
 * database is already the one copy every node reads (and the only one that survives a full
 * restart), and an entry holds secrets that gossip would spread to every node's memory and wire
 * again. So a change only needs to say "reload": the node that wrote it publishes
 * {@link TenantsChanged} on a topic every node subscribes to, and each reloads at once (within a
 * second, usually a few milliseconds). A message lost (a node joining, a partition) is made up for
 * by a periodic reload every {@code parley.tenants.reload-interval}, the safety net.
 */
public final class TenantSync {
  private static final Logger LOG = LoggerFactory.getLogger(TenantSync.class);
  private static final String TOPIC = "parley-tenants";

  /** Published by the node that stored a change of {@code tenant}: every node reloads. */
  public record TenantsChanged(String tenant) implements CborSerializable {}

  private sealed interface Command {}

  private record Changed(TenantsChanged change) implements Command {}

  private record ReloadDue() implements Command {}

  private record Reloaded(Throwable failure) implements Command {}

  private final ActorRef<Topic.Command<TenantsChanged>> topic;

  private TenantSync(ActorRef<Topic.Command<TenantsChanged>> topic) {
    this.topic = topic;
  }

  /** Starts this node's subscriber; call once, after the directory has read the store once. */
  public static TenantSync start(ActorSystem<?> system, TenantDirectory directory, TenantStore store, Executor blocking,
      Duration reloadInterval) {
    ActorRef<Topic.Command<TenantsChanged>> topic =
        system.systemActorOf(Topic.create(TenantsChanged.class, TOPIC), "tenants-topic", Props.empty());
    system.systemActorOf(subscriber(topic, directory, store, blocking, reloadInterval), "tenants-sync", Props.empty());
    return new TenantSync(topic);
  }

  /** Tells every node (this one included) to reload, once {@code tenant} has been stored. */
  public void changed(String tenant) {
    topic.tell(Topic.publish(new TenantsChanged(tenant)));
  }

  private static Behavior<Command> subscriber(ActorRef<Topic.Command<TenantsChanged>> topic, TenantDirectory directory,
      TenantStore store, Executor blocking, Duration reloadInterval) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      topic.tell(Topic.subscribe(ctx.messageAdapter(TenantsChanged.class, Changed::new)));
      timers.startTimerWithFixedDelay(new ReloadDue(), reloadInterval);
      return Behaviors.receive(Command.class)
          .onMessage(Changed.class, changed -> reload(ctx, directory, store, blocking))
          .onMessage(ReloadDue.class, due -> reload(ctx, directory, store, blocking))
          .onMessage(Reloaded.class, reloaded -> {
            if (reloaded.failure() != null) {
              LOG.warn("Could not reload the tenants; the next change or reload tries again",
                  AsyncCause.of(reloaded.failure()));
            }
            return Behaviors.same();
          })
          .build();
    }));
  }

  private static Behavior<Command> reload(ActorContext<Command> ctx, TenantDirectory directory, TenantStore store,
      Executor blocking) {
    ctx.pipeToSelf(CompletableFuture.runAsync(() -> directory.reload(store), blocking),
        (done, failure) -> new Reloaded(failure));
    return Behaviors.same();
  }
}
