package io.parley.sessions;

import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionUpdate.Joined;
import java.time.Duration;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Follows one session for an edge (a chat socket, a voice call, an agent's console), as a child of
 * the edge's actor, wherever the session lives. The edge receives what the session publishes, as
 * {@link SessionUpdate}s, each persisted message once and in order, across rebalances, passivation
 * and node loss:
 *
 * <ul>
 *   <li>{@link Joined} first, with the messages after {@code afterSeq}; again after each re-join,
 *       with only the messages the edge has not seen;
 *   <li>{@link SessionUpdate.Refused} if the first join is refused or not answered within
 *       {@code joinTimeout}; the follower then stops;
 *   <li>live updates in between.
 * </ul>
 *
 * <p>It watches the incarnation that answered; when it stops, the follower subscribes again after a
 * short pause, through sharding, which starts the session on a surviving node. A re-join that is
 * not answered in time is tried again: the session is somewhere, and the edge keeps its client.
 * Stopping the follower unsubscribes it.
 */
public final class SessionFollower {
  public sealed interface Command {}

  private record Update(SessionUpdate update) implements Command {}

  private record IncarnationStopped(ActorRef<?> incarnation) implements Command {}

  private record Resubscribe() implements Command {}

  private record JoinTimedOut() implements Command {}

  /** How long a stopped incarnation's shard gets to hand over before the follower asks again. */
  private static final Duration RESUBSCRIBE_PAUSE = Duration.ofMillis(200);
  /**
   * How long one subscription may go unanswered before it is sent again. While a crashed node's
   * sessions move, a subscription sent to the old home is lost; asking again every second finds
   * the new one within a second of the move, instead of after the whole {@code joinTimeout}.
   * A repeat is harmless: the session answers each with a {@code Joined}, replaying only what the
   * edge has not seen.
   */
  private static final Duration ATTEMPT = Duration.ofSeconds(1);

  public static Behavior<Command> create(SessionId id, RecipientRef<SessionCommand> session, long afterSeq,
      ActorRef<SessionUpdate> edge, Duration joinTimeout) {
    return Behaviors.withMdc(Command.class, Map.of("tenant", id.tenant(), "sessionId", id.wireId()),
        Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
            new SessionFollower(ctx, timers, session, afterSeq, edge, joinTimeout).subscribe())));
  }

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final RecipientRef<SessionCommand> session;
  private final ActorRef<SessionUpdate> edge;
  private final ActorRef<SessionUpdate> updates;
  // The first join is given up (refused as unavailable) at this System.nanoTime(); re-joins never are.
  private final long joinDeadline;
  private long lastSeq;
  private boolean joined;
  private ActorRef<?> watched;

  /**
   * The session entity that answered a join, to send it commands without sharding's two hops while
   * it lives. Typed here rather than in {@link Joined}, which names no command so that the two
   * protocols do not refer to each other; only a session's entity answers a {@code Subscribe}.
   */
  public static ActorRef<SessionCommand> incarnationOf(Joined joined) {
    return joined.incarnation().unsafeUpcast();
  }

  private SessionFollower(ActorContext<Command> context, TimerScheduler<Command> timers,
      RecipientRef<SessionCommand> session, long afterSeq, ActorRef<SessionUpdate> edge, Duration joinTimeout) {
    this.context = context;
    this.timers = timers;
    this.session = session;
    this.edge = edge;
    this.joinDeadline = System.nanoTime() + joinTimeout.toNanos();
    this.lastSeq = afterSeq;
    this.updates = context.messageAdapter(SessionUpdate.class, Update::new);
  }

  private Behavior<Command> subscribe() {
    long untilGivenUp = joinDeadline - System.nanoTime();
    timers.startSingleTimer(new JoinTimedOut(),
        joined ? ATTEMPT : Duration.ofNanos(Math.max(0, Math.min(ATTEMPT.toNanos(), untilGivenUp))));
    session.tell(new SessionCommand.Subscribe(lastSeq, updates));
    return following();
  }

  private Behavior<Command> following() {
    return Behaviors.receive(Command.class)
        .onMessage(Update.class, update -> onUpdate(update.update()))
        .onMessage(IncarnationStopped.class, this::onIncarnationStopped)
        .onMessage(Resubscribe.class, resubscribe -> subscribe())
        .onMessage(JoinTimedOut.class, this::onJoinTimedOut)
        .onSignal(PostStop.class, stopped -> {
          session.tell(new SessionCommand.Unsubscribe(updates));
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> onUpdate(SessionUpdate update) {
    if (update instanceof Joined join) return onJoined(join);
    if (update instanceof SessionUpdate.Refused refused) {
      timers.cancel(new JoinTimedOut());
      edge.tell(refused);
      return Behaviors.stopped();
    }
    if (update instanceof SessionUpdate.MessageAdded added) {
      if (added.message().seq() <= lastSeq) return Behaviors.same();
      lastSeq = added.message().seq();
    }
    edge.tell(update);
    return Behaviors.same();
  }

  private Behavior<Command> onJoined(Joined join) {
    timers.cancel(new JoinTimedOut());
    if (!join.incarnation().equals(watched)) {
      if (watched != null) context.unwatch(watched);
      watched = join.incarnation();
      context.watchWith(watched, new IncarnationStopped(watched));
    }
    long seenBefore = lastSeq;
    var unseen = join.replay().stream().filter(message -> message.seq() > seenBefore).toList();
    if (!unseen.isEmpty()) lastSeq = unseen.get(unseen.size() - 1).seq();
    joined = true;
    edge.tell(new Joined(join.incarnation(), join.info(), unseen, join.turnInProgress()));
    return Behaviors.same();
  }

  private Behavior<Command> onIncarnationStopped(IncarnationStopped stopped) {
    if (!stopped.incarnation().equals(watched)) return Behaviors.same();
    watched = null;
    timers.startSingleTimer(new Resubscribe(), RESUBSCRIBE_PAUSE);
    return Behaviors.same();
  }

  private Behavior<Command> onJoinTimedOut(JoinTimedOut timedOut) {
    if (joined || System.nanoTime() < joinDeadline) {
      context.getLog().debug("the session did not answer a subscription yet; asking again");
      return subscribe();
    }
    edge.tell(new SessionUpdate.Refused(ErrorCode.UNAVAILABLE, "the session did not answer in time; retry"));
    return Behaviors.stopped();
  }
}
