package io.parley.http.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.pubsub.Topic;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.javadsl.Source;

/**
 * What changed in a tenant's admin data, told to every node's admin consoles of that tenant as it
 * happens, so their panels are read again at once rather than on a timer (docs/admin-console.md).
 *
 * <p>The node that stores a change publishes an {@link AdminChange} on a cluster pub-sub topic every
 * node subscribes to; each node hands it to its open change streams of the change's tenant, and to
 * no other. A message lost (a node joining, a partition) is made up for by the console's read when
 * its page is seen again or its stream reconnects. Notices of a tenant's kind are throttled to one a
 * {@link #EVERY}, the last always sent, so a sync that stores a page after another tells a few a
 * second, not hundreds.
 */
public final class AdminChanges {
  /** The least time between two notices of one kind of one tenant. */
  public static final Duration EVERY = Duration.ofMillis(250);
  private static final String TOPIC = "parley-admin-changes";
  /** Notices a stream whose client reads slowly may hold; more are dropped (the next one read re-reads the panel anyway). */
  private static final int BUFFERED = 16;

  private final ActorSystem<?> system;
  private final ActorRef<Topic.Command<AdminChange>> topic;
  private final ChangeThrottle throttle = new ChangeThrottle(EVERY.toNanos());
  private final Map<String, Set<BoundedSourceQueue<AdminChange.Kind>>> streams = new ConcurrentHashMap<>();

  private AdminChanges(ActorSystem<?> system, ActorRef<Topic.Command<AdminChange>> topic) {
    this.system = system;
    this.topic = topic;
  }

  /**
   * Starts this node's topic and its subscriber; call once. The node's open streams end, cleanly, as
   * it stops taking connections, so their consoles open them again on another node at once rather
   * than finding them cut when the node's last requests are cut off.
   */
  public static AdminChanges start(ActorSystem<?> system) {
    ActorRef<Topic.Command<AdminChange>> topic =
        system.systemActorOf(Topic.create(AdminChange.class, TOPIC), "admin-changes-topic", Props.empty());
    AdminChanges changes = new AdminChanges(system, topic);
    system.systemActorOf(changes.subscriber(), "admin-changes", Props.empty());
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseServiceUnbind(), "parley-admin-changes-end", () -> {
      changes.streams.values().forEach(open -> open.forEach(BoundedSourceQueue::complete));
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    return changes;
  }

  /** Tells every node's streams of {@code tenant} that {@code kind} changed, once it has been stored. */
  public void changed(String tenant, AdminChange.Kind kind) {
    String key = kind.wireName() + ' ' + tenant;
    long wait = throttle.changed(key, System.nanoTime());
    if (wait == ChangeThrottle.ALREADY_DUE) return;
    AdminChange change = new AdminChange(tenant, kind);
    if (wait == 0) {
      topic.tell(Topic.publish(change));
      return;
    }
    system.scheduler().scheduleOnce(Duration.ofNanos(wait), () -> {
      throttle.sent(key);
      topic.tell(Topic.publish(change));
    }, system.executionContext());
  }

  /** The changes of {@code tenant} from now on, for as long as the stream is read. */
  public Source<AdminChange.Kind, NotUsed> of(String tenant) {
    return Source.<AdminChange.Kind>queue(BUFFERED).mapMaterializedValue(queue -> {
      streams.compute(tenant, (t, open) -> {
        Set<BoundedSourceQueue<AdminChange.Kind>> all = open == null ? ConcurrentHashMap.newKeySet() : open;
        all.add(queue);
        return all;
      });
      return queue;
    }).watchTermination((queue, done) -> {
      done.whenComplete((ended, failure) -> streams.computeIfPresent(tenant, (t, open) -> {
        open.remove(queue);
        return open.isEmpty() ? null : open;
      }));
      return NotUsed.notUsed();
    });
  }

  private Behavior<AdminChange> subscriber() {
    return Behaviors.setup(ctx -> {
      topic.tell(Topic.subscribe(ctx.getSelf()));
      return Behaviors.receiveMessage(change -> {
        streams.getOrDefault(change.tenant(), Set.of()).forEach(queue -> queue.offer(change.kind()));
        return Behaviors.same();
      });
    });
  }
}
