package io.parley.sessions;

import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.SessionId;
import io.parley.sessions.SessionUpdate.Joined;
import io.parley.sessions.entity.SessionCommand;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.RecipientRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Follows one session for an edge (a chat socket, a voice call, an agent's console) wherever the
 * session lives, inside the edge's own actor: the session's updates reach the edge with no actor
 * between them, which on a two-core node is a thread hand-off less for every delta and message.
 * The edge hands each {@link SessionUpdate} it receives to {@link #onUpdate} and each of the
 * follower's own messages to {@link #onSignal}; both return what the edge should act on, each
 * persisted message once and in order, across rebalances, passivation and node loss:
 *
 * <ul>
 *   <li>{@link Joined} first, with the messages after {@code afterSeq}; again after each re-join,
 *       with only the messages the edge has not seen;
 *   <li>{@link SessionUpdate.Refused} if the first join is refused or not answered within
 *       {@code joinTimeout}; the follower has then stopped;
 *   <li>live updates in between. Nothing before the first {@code Joined} of this session: an
 *       update of a session the edge followed before is not this one's.
 * </ul>
 *
 * <p>It watches the incarnation that answered ({@link #incarnation}, which the edge may speak to
 * without sharding's two hops); when it stops, the follower subscribes again after a short pause,
 * through sharding, which starts the session on a surviving node. A re-join that is not answered in
 * time is tried again: the session is somewhere, and the edge keeps its client. {@link #stop}
 * unsubscribes; an edge calls it when it stops or leaves the session.
 *
 * @param <T> the edge actor's command type, which carries the follower's {@link Signal}s
 */
public final class SessionFollower<T> {
  /** The follower's own messages (its timers, its watch), carried by a command of the edge's. */
  public sealed interface Signal {}

  private record IncarnationStopped(ActorRef<?> incarnation) implements Signal {}

  private record Resubscribe() implements Signal {}

  private record JoinTimedOut() implements Signal {}

  /**
   * The edge's actor as the follower uses it: its context (to watch), its timers, the adapter that
   * turns {@link SessionUpdate}s into its commands, and how its commands carry a {@link Signal}.
   */
  public record Edge<T>(ActorContext<T> context, TimerScheduler<T> timers, ActorRef<SessionUpdate> updates,
      Function<Signal, T> signals) {}

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

  private final Edge<T> edge;
  private final SessionId id;
  private final RecipientRef<SessionCommand> session;
  private final Optional<SessionCommand.Customer> customer;
  // The first join is given up (refused as unavailable) at this System.nanoTime(); re-joins never are.
  private final long joinDeadline;
  private long lastSeq;
  private boolean joined;
  private boolean stopped;
  private Optional<ActorRef<SessionCommand>> incarnation = Optional.empty();

  /**
   * Starts following: subscribes to {@code session} (its sharding address) for the messages after
   * {@code afterSeq}, as {@code customer} when a customer follows it (the session refuses one it
   * does not belong to, sending nothing of its own); staff and the node's own edges pass none.
   */
  public static <T> SessionFollower<T> follow(Edge<T> edge, SessionId id, RecipientRef<SessionCommand> session,
      long afterSeq, Optional<SessionCommand.Customer> customer, Duration joinTimeout) {
    SessionFollower<T> follower = new SessionFollower<>(edge, id, session, afterSeq, customer, joinTimeout);
    follower.subscribe();
    return follower;
  }

  private SessionFollower(Edge<T> edge, SessionId id, RecipientRef<SessionCommand> session, long afterSeq,
      Optional<SessionCommand.Customer> customer, Duration joinTimeout) {
    this.edge = edge;
    this.id = id;
    this.session = session;
    this.customer = customer;
    this.joinDeadline = System.nanoTime() + joinTimeout.toNanos();
    this.lastSeq = afterSeq;
  }

  /** The session's incarnation that answered the last join, while it lives. */
  public Optional<ActorRef<SessionCommand>> incarnation() {
    return incarnation;
  }

  /** What the edge should act on for an update it received: nothing for a repeat, a stray or after a stop. */
  public Optional<SessionUpdate> onUpdate(SessionUpdate update) {
    if (stopped) return Optional.empty();
    if (update instanceof Joined join) return onJoined(join);
    if (update instanceof SessionUpdate.Refused refused) {
      // A refusal names no session: one that comes while nothing is asked answers a session the edge left.
      if (!asking()) return Optional.empty();
      stop();
      return Optional.of(refused);
    }
    if (!joined) return Optional.empty();
    Optional<ChatMessage> added = SessionUpdate.added(update);
    if (added.isPresent()) {
      if (added.get().seq() <= lastSeq) return Optional.empty();
      lastSeq = added.get().seq();
    }
    return Optional.of(update);
  }

  /** What the edge should act on for one of the follower's signals: a refusal once the first join is given up. */
  public Optional<SessionUpdate> onSignal(Signal signal) {
    if (stopped) return Optional.empty();
    if (signal instanceof IncarnationStopped stoppedOne) {
      if (incarnation.isPresent() && incarnation.get().equals(stoppedOne.incarnation())) {
        incarnation = Optional.empty();
        edge.timers().startSingleTimer(new Resubscribe(), edge.signals().apply(new Resubscribe()), RESUBSCRIBE_PAUSE);
      }
      return Optional.empty();
    }
    if (signal instanceof Resubscribe) {
      subscribe();
      return Optional.empty();
    }
    if (!(signal instanceof JoinTimedOut)) throw new IllegalStateException("unknown follower signal " + signal);
    if (joined || System.nanoTime() < joinDeadline) {
      edge.context().getLog().debug("the session did not answer a subscription yet; asking again");
      subscribe();
      return Optional.empty();
    }
    stop();
    return Optional.of(new SessionUpdate.Refused(ErrorCode.UNAVAILABLE, "the session did not answer in time; retry"));
  }

  /** Leaves the session: it sends this edge nothing more. */
  public void stop() {
    if (stopped) return;
    stopped = true;
    edge.timers().cancel(new JoinTimedOut());
    edge.timers().cancel(new Resubscribe());
    incarnation.ifPresent(edge.context()::unwatch);
    incarnation = Optional.empty();
    session.tell(new SessionCommand.Unsubscribe(edge.updates()));
  }

  /** A subscription of this follower's waits for its answer (a Joined or a Refused) while its timeout runs. */
  private boolean asking() {
    return edge.timers().isTimerActive(new JoinTimedOut());
  }

  private void subscribe() {
    long untilGivenUp = joinDeadline - System.nanoTime();
    Duration attempt = joined ? ATTEMPT : Duration.ofNanos(Math.max(0, Math.min(ATTEMPT.toNanos(), untilGivenUp)));
    edge.timers().startSingleTimer(new JoinTimedOut(), edge.signals().apply(new JoinTimedOut()), attempt);
    session.tell(new SessionCommand.Subscribe(lastSeq, edge.updates(), customer));
  }

  private Optional<SessionUpdate> onJoined(Joined join) {
    // A late answer to a subscription of another session this edge followed before.
    if (!join.info().sessionId().equals(id.wireId()) || !join.info().tenant().equals(id.tenant())) {
      return Optional.empty();
    }
    edge.timers().cancel(new JoinTimedOut());
    ActorRef<SessionCommand> answered = join.incarnation().unsafeUpcast();
    if (!incarnation.equals(Optional.of(answered))) {
      incarnation.ifPresent(edge.context()::unwatch);
      incarnation = Optional.of(answered);
      edge.context().watchWith(answered, edge.signals().apply(new IncarnationStopped(answered)));
    }
    long seenBefore = lastSeq;
    var unseen = join.replay().stream().filter(message -> message.seq() > seenBefore).toList();
    if (!unseen.isEmpty()) lastSeq = unseen.get(unseen.size() - 1).seq();
    joined = true;
    return Optional.of(new Joined(join.incarnation(), join.info(), unseen, join.turnInProgress()));
  }
}
