package io.parley.persistence;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.parley.core.CborSerializable;
import io.parley.core.erasure.NewDataKey;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;

/**
 * A test-only event-sourced counter: enough of an entity to see events and snapshots go through
 * the journal and come back on recovery. It snapshots every {@value #SNAPSHOT_EVERY} events and
 * tags each event {@code odd} or {@code even} by its amount, for the read journal's tag queries.
 */
final class Counter extends EventSourcedBehavior<Counter.Command, Counter.Event, Counter.State> {
  static final int SNAPSHOT_EVERY = 3;

  sealed interface Command {}

  /** Replies the new total once the event is persisted. */
  record Add(int amount, ActorRef<Integer> replyTo) implements Command {}

  /** Replies the current total. */
  record Get(ActorRef<Integer> replyTo) implements Command {}

  /** As {@link Add}, its event bringing a session's new data key to the journal, as a session's first event does. */
  record AddWithKey(int amount, NewDataKey key, ActorRef<Integer> replyTo) implements Command {}

  sealed interface Event extends CborSerializable {}

  record Added(int amount) implements Event {}

  record AddedWithKey(int amount, @JsonIgnore Optional<NewDataKey> newDataKey) implements Event, NewDataKey.Carrier {}

  record State(int total) implements CborSerializable {
    State add(int amount) {
      return new State(total + amount);
    }
  }

  private final boolean tagged;

  static Behavior<Command> create(String id) {
    return new Counter(PersistenceId.of("Counter", id), true);
  }

  /** A counter whose events have no tags, as a session's: the journal writes them as one batch. */
  static Behavior<Command> untagged(String id) {
    return new Counter(PersistenceId.of("Counter", id), false);
  }

  private Counter(PersistenceId persistenceId, boolean tagged) {
    super(persistenceId);
    this.tagged = tagged;
  }

  @Override
  public State emptyState() {
    return new State(0);
  }

  @Override
  public CommandHandler<Command, Event, State> commandHandler() {
    return newCommandHandlerBuilder().forAnyState()
        .onCommand(Add.class, (state, add) -> Effect().persist(new Added(add.amount()))
            .thenReply(add.replyTo(), newState -> newState.total()))
        .onCommand(AddWithKey.class, (state, add) -> Effect().persist(new AddedWithKey(add.amount(), Optional.of(add.key())))
            .thenReply(add.replyTo(), newState -> newState.total()))
        .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state.total()))
        .build();
  }

  @Override
  public EventHandler<State, Event> eventHandler() {
    return newEventHandlerBuilder().forAnyState()
        .onEvent(Added.class, (state, added) -> state.add(added.amount()))
        .onEvent(AddedWithKey.class, (state, added) -> state.add(added.amount()))
        .build();
  }

  @Override
  public Set<String> tagsFor(Event event) {
    return tagged && event instanceof Added added ? Set.of(added.amount() % 2 == 0 ? "even" : "odd") : Set.of();
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(SNAPSHOT_EVERY, 2);
  }
}
