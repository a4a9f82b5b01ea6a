package io.parley.sessions.entity;

import io.parley.core.session.SessionId;
import io.parley.sessions.SessionFollower;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionTags;
import io.parley.sessions.entity.SessionCommand.Close;
import io.parley.sessions.entity.SessionCommand.Start;
import io.parley.sessions.entity.SessionEvent.SessionStarted;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Erased;
import io.parley.sessions.entity.SessionState.NotStarted;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.host.SessionRest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.persistence.typed.EventAdapter;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.RecoveryFailed;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * One conversation: an event-sourced entity, id {@code <tenant>/<uuid>}, run by the sharded
 * {@link io.parley.sessions.host.SessionHost} as its child while something happens (an open session at rest sleeps).
 *
 * <p>Lifecycle: {@link NotStarted} until {@link Start}; {@link Open} while it accepts messages;
 * {@link Closed} after {@link Close}; {@link Erased} once its data key is gone (its journal and
 * snapshots are sealed with that key by {@link SessionSeal}). A user message is checked, persisted and acknowledged in one
 * pass, and only once its event is in the journal, so an acked message survives any crash. Turns
 * run one at a time in a child {@link io.parley.sessions.turn.TurnRunner}; the queue of unanswered messages is part of the
 * persisted state, so turns interrupted by a crash run again after recovery. Followers subscribe
 * and receive every persisted message and streamed delta; they are not persisted: they watch the
 * entity and re-subscribe when it stops (see {@link SessionFollower}).
 *
 * <p>This class only makes the incarnation's parts ({@link SessionHandlers}) and answers through the
 * protocol's table ({@link SessionProtocol}): per phase, each command's handler, the events it may
 * persist and its reply, and each event's fold; the protocol is {@link SessionCommand} and
 * {@link SessionEvent}, the transitions are {@link SessionState}'s. Handlers are given the parts
 * they use, never each other, and persist through one gate ({@link SessionEffects}).
 */
public final class ChatSession extends EventSourcedBehaviorWithEnforcedReplies<SessionInput, SessionEvent, SessionState> {

  /** What the sharded entity hears: the edges' commands, and sharding's stop (see {@link ChatSessions#entity}). */
  public static final EntityTypeKey<SessionInput> ENTITY_KEY = EntityTypeKey.create(SessionInput.class, "ChatSession");

  /**
   * A session whose journal is never sealed: the entity's rules alone, for tests without a key store,
   * which tell it what an edge may.
   */
  public static Behavior<SessionCommand> create(
      SessionId id, ActorRef<ClusterSharding.ShardCommand> shard, SessionServices services) {
    return Behaviors.<SessionInput>setup(ctx -> Behaviors.withTimers(timers -> new ChatSession(ctx, timers, id, shard,
        services, SessionSeal.plain(id, persistenceId(id), SerializationExtension.get(ctx.getSystem().classicSystem())),
        Optional.empty(), false))).narrow();
  }

  /**
   * A session whose journal is sealed as {@code seal} says; the seal outlives a restart of the
   * entity, so a key made at the start (and stored with {@code SessionStarted}) still reads the
   * journal after it.
   */
  static Behavior<SessionCommand> create(SessionId id, ActorRef<ClusterSharding.ShardCommand> shard,
      SessionServices services, SessionSeal seal) {
    return create(id, shard, services, seal, Optional.empty()).narrow();
  }

  /** The incarnation of a session that {@code host} keeps while it sleeps ({@link io.parley.sessions.host.SessionHost}). */
  static Behavior<SessionInput> create(SessionId id, ActorRef<ClusterSharding.ShardCommand> shard,
      SessionServices services, SessionSeal seal, Optional<SessionRest.Host> host) {
    return incarnation(id, shard, services, seal, host, false);
  }

  /**
   * The first incarnation of a session whose id was just minted for its {@code Start}: it reads no
   * snapshot, and its replay finds nothing to read (the journal's highest sequence number is read
   * all the same). Restarted after a journal failure, it replays the events it wrote. Events it
   * did not write (the id was in use after all) read as erased, under a key it never read: the
   * start is refused and nothing is written.
   */
  static Behavior<SessionInput> createForNewId(SessionId id, ActorRef<ClusterSharding.ShardCommand> shard,
      SessionServices services, SessionSeal seal, SessionRest.Host host) {
    return incarnation(id, shard, services, seal, Optional.of(host), true);
  }

  private static Behavior<SessionInput> incarnation(SessionId id, ActorRef<ClusterSharding.ShardCommand> shard,
      SessionServices services, SessionSeal seal, Optional<SessionRest.Host> host, boolean newId) {
    return Behaviors.<SessionInput>setup(ctx -> Behaviors.withTimers(timers -> new ChatSession(ctx, timers, id, shard,
        services, seal, host, newId)));
  }

  static String persistenceId(SessionId id) {
    return PersistenceId.of(ENTITY_KEY.name(), id.entityId()).id();
  }

  private final SessionSeal seal;
  private final Set<String> tag;
  private final boolean newId;
  private final int snapshotEvery;
  private final SessionHandlers handlers;

  /** Makes the incarnation's handlers and what it keeps in memory only ({@link SessionHandlers}). */
  private ChatSession(ActorContext<SessionInput> context, TimerScheduler<SessionInput> timers, SessionId id,
      ActorRef<ClusterSharding.ShardCommand> shard, SessionServices services, SessionSeal seal,
      Optional<SessionRest.Host> host, boolean newId) {
    super(
        PersistenceId.of(ENTITY_KEY.name(), id.entityId()),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 0.2));
    this.seal = seal;
    this.tag = Set.of(SessionTags.of(id));
    this.newId = newId;
    this.snapshotEvery = services.settings().snapshotEvery();
    this.handlers = SessionHandlers.wire(context, timers, id, shard, services, seal, host, Effect());
  }

  @Override
  public SessionState emptyState() {
    return new NotStarted();
  }

  @Override
  public Recovery recovery() {
    return newId ? Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none()) : super.recovery();
  }

  @Override
  public EventAdapter<SessionEvent, ?> eventAdapter() {
    return seal.events();
  }

  @Override
  public SnapshotAdapter<SessionState> snapshotAdapter() {
    return seal.snapshots();
  }

  /** Every event is tagged with its session's slice of the journal, which one conversations projection reads. */
  @Override
  public Set<String> tagsFor(SessionEvent event) {
    return tag;
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
  }

  /** The protocol's table ({@link SessionProtocol}), one for every session of the node. */
  @Override
  public CommandHandlerWithReply<SessionInput, SessionEvent, SessionState> commandHandler() {
    return (state, command) -> SessionProtocol.COMMANDS.answer(handlers, state, command);
  }

  @Override
  public EventHandler<SessionState, SessionEvent> eventHandler() {
    return SessionProtocol.EVENTS.handler();
  }

  @Override
  public SignalHandler<SessionState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), state -> handlers.recovery().recovered(state))
        .onSignal(RecoveryFailed.class, (state, failed) -> handlers.recovery().failed(failed.getFailure()))
        .onSignal(PostStop.instance(), state -> handlers.recovery().stopped())
        .build();
  }
}
