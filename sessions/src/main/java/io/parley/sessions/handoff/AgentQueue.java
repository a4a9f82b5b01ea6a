package io.parley.sessions.handoff;

import io.parley.core.CborSerializable;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.session.Channel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * One tenant's conversations waiting for a person, oldest first, across all nodes: a sharded,
 * event-sourced entity, id = the tenant. Sessions join it when a person is asked for and leave it
 * when an agent takes them, they go back to the bot or close; both are idempotent, so a session
 * may say it again after a crash. Agents' consoles {@link Watch} it: they get the whole list now
 * and after every change. The watchers are the tenant's agents online; they are not persisted,
 * and a console watches again when the entity it watched stops.
 *
 * <p>The journal keeps only what orders the queue ({@link Entry}: session, channel, trigger, since);
 * the customer's user id and last words, which the consoles show, stay in memory, so the journal
 * holds no personal data for erasure to miss. After the entity restarts, a session shows without
 * them until it asks to join again (a repeated {@link Enqueue} refreshes them).
 */
public final class AgentQueue
    extends EventSourcedBehaviorWithEnforcedReplies<AgentQueue.Command, AgentQueue.Event, AgentQueue.State> {

  public static final EntityTypeKey<Command> ENTITY_KEY = EntityTypeKey.create(Command.class, "AgentQueue");

  /** A conversation in the queue: what an agent's list shows of it. */
  public record Waiting(String sessionId, Channel channel, Optional<String> userId, HandoffTrigger trigger,
      Instant since, String lastCustomerMessage) implements CborSerializable {
    Entry entry() {
      return new Entry(sessionId, channel, trigger, since);
    }
  }

  /** A conversation in the queue as its journal keeps it: nothing the customer wrote or is named by. */
  public record Entry(String sessionId, Channel channel, HandoffTrigger trigger, Instant since) implements CborSerializable {
    Waiting shownWithout() {
      return new Waiting(sessionId, channel, Optional.empty(), trigger, since, "");
    }
  }

  public sealed interface Command extends CborSerializable {}

  /** Adds the session (again: its user id and last words are refreshed, nothing is persisted); replies its place. */
  public record Enqueue(Waiting waiting, ActorRef<Place> replyTo) implements Command {}

  /** Removes the session, if it waits; no reply. */
  public record Leave(String sessionId) implements Command {}

  /** Sends {@code watcher} the queue now and after every change, until it stops or unwatches. */
  public record Watch(ActorRef<Snapshot> watcher) implements Command {}

  public record Unwatch(ActorRef<Snapshot> watcher) implements Command {}

  /** The sharding stop message. */
  public record Stop() implements Command {}

  /** Where a session stands: {@code position} 1 is next; {@code agentsOnline} consoles watch the queue. */
  public record Place(int position, int agentsOnline) implements CborSerializable {}

  /** The whole queue, oldest first; {@code queue} is the incarnation that sent it, to watch. */
  public record Snapshot(ActorRef<Command> queue, List<Waiting> waiting, int agentsOnline) implements CborSerializable {}

  public sealed interface Event extends CborSerializable {}

  /** Journals written before 0.3 hold a whole {@link Waiting} here; its extra fields are not read. */
  public record Queued(Entry waiting) implements Event {}

  public record Left(String sessionId, Instant at) implements Event {}

  public record State(List<Entry> waiting) implements CborSerializable {
    public State {
      waiting = List.copyOf(waiting);
    }

    int positionOf(String sessionId) {
      for (int i = 0; i < waiting.size(); i++) {
        if (waiting.get(i).sessionId().equals(sessionId)) return i + 1;
      }
      return 0;
    }

    State with(Entry added) {
      List<Entry> all = new ArrayList<>(waiting);
      all.add(added);
      return new State(all);
    }

    State without(String sessionId) {
      return new State(waiting.stream().filter(w -> !w.sessionId().equals(sessionId)).toList());
    }
  }

  private record WatcherStopped(ActorRef<Snapshot> watcher) implements Command {}

  public static Behavior<Command> create(String tenant) {
    return Behaviors.setup(ctx -> new AgentQueue(ctx, tenant));
  }

  private final ActorContext<Command> context;
  private final Set<ActorRef<Snapshot>> watchers = new HashSet<>();
  // What the consoles show of each waiting session, as its last Enqueue said: never persisted.
  private final Map<String, Waiting> shown = new HashMap<>();

  private AgentQueue(ActorContext<Command> context, String tenant) {
    super(PersistenceId.of(ENTITY_KEY.name(), tenant));
    this.context = context;
  }

  @Override
  public State emptyState() {
    return new State(List.of());
  }

  @Override
  public CommandHandlerWithReply<Command, Event, State> commandHandler() {
    return newCommandHandlerWithReplyBuilder().forAnyState()
        .onCommand(Enqueue.class, this::onEnqueue)
        .onCommand(Leave.class, this::onLeave)
        .onCommand(Watch.class, this::onWatch)
        .onCommand(Unwatch.class, (state, cmd) -> unwatch(state, cmd.watcher()))
        .onCommand(WatcherStopped.class, (state, cmd) -> unwatch(state, cmd.watcher()))
        .onCommand(Stop.class, cmd -> Effect().stop().thenNoReply())
        .build();
  }

  private ReplyEffect<Event, State> onEnqueue(State state, Enqueue cmd) {
    String sessionId = cmd.waiting().sessionId();
    boolean refreshed = !cmd.waiting().equals(shown.put(sessionId, cmd.waiting()));
    if (state.positionOf(sessionId) > 0) {
      if (refreshed) publish(state);
      return Effect().reply(cmd.replyTo(), place(state, sessionId));
    }
    return Effect().persist(new Queued(cmd.waiting().entry()))
        .thenRun(this::publish)
        .thenReply(cmd.replyTo(), after -> place(after, cmd.waiting().sessionId()));
  }

  private ReplyEffect<Event, State> onLeave(State state, Leave cmd) {
    if (state.positionOf(cmd.sessionId()) == 0) {
      shown.remove(cmd.sessionId());
      return Effect().noReply();
    }
    return Effect().persist(new Left(cmd.sessionId(), Instant.now())).thenRun(this::publish).thenNoReply();
  }

  private ReplyEffect<Event, State> onWatch(State state, Watch cmd) {
    if (watchers.add(cmd.watcher())) context.watchWith(cmd.watcher(), new WatcherStopped(cmd.watcher()));
    // Everyone hears of the new agent: the count of agents online is part of what they see.
    publish(state);
    return Effect().noReply();
  }

  private ReplyEffect<Event, State> unwatch(State state, ActorRef<Snapshot> watcher) {
    if (watchers.remove(watcher)) {
      context.unwatch(watcher);
      publish(state);
    }
    return Effect().noReply();
  }

  private Place place(State state, String sessionId) {
    return new Place(state.positionOf(sessionId), watchers.size());
  }

  private void publish(State state) {
    shown.keySet().retainAll(state.waiting().stream().map(Entry::sessionId).toList());
    List<Waiting> waiting = state.waiting().stream()
        .map(entry -> shown.getOrDefault(entry.sessionId(), entry.shownWithout())).toList();
    Snapshot snapshot = new Snapshot(context.getSelf(), waiting, watchers.size());
    watchers.forEach(watcher -> watcher.tell(snapshot));
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Queued.class, (state, event) -> state.with(event.waiting()))
        .onEvent(Left.class, (state, event) -> state.without(event.sessionId()))
        .build();
  }
}
