package io.parley.sessions;

import io.parley.core.session.SessionId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.StashBuffer;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The sharded entity of one conversation, so that memory follows the conversations people are
 * having rather than the sockets they leave open. The host stays, remembered by its shard, for as
 * long as the session lives; the event-sourced session (its {@code incarnation}: the data key's
 * loading, then {@link ChatSession}) runs as its child only while something happens. An open
 * session with nothing under way for {@code passivate-after-idle} sleeps: the incarnation hands
 * over its followers and when it closes for idleness, and stops ({@link SessionRest}). The next
 * command wakes it: a new incarnation reads the key, replays the journal from its last snapshot,
 * and answers; so does the idle close when it comes due.
 *
 * <p>The host is the address the session gives its followers, so a sleep is invisible to them: an
 * update for them (an agent's message, a workflow's result) is a command like any other and wakes
 * the session, which sends it to the followers it was handed. The host forwards sharding's stop to
 * the incarnation and stops with it; an incarnation that stops by itself (its key could not be
 * read) takes the host with it, as the session itself stopped before there was a host.
 */
final class SessionHost extends AbstractBehavior<Object> {
  private static final int HELD_COMMANDS = 1000;
  private static final Object IDLE_CLOSE = "idle-close";

  private record IncarnationStopped(ActorRef<SessionCommand> incarnation) {}

  private record IdleCloseDue() {}

  /** The host of session {@code id}: {@code incarnation} makes the session's behaviour for a host. */
  static Behavior<SessionCommand> create(SessionId id, Function<SessionRest.Host, Behavior<SessionCommand>> incarnation,
      SessionMetrics metrics, Clock clock) {
    return Behaviors.<Object>setup(context -> Behaviors.withTimers(timers -> Behaviors.withStash(HELD_COMMANDS, held ->
        new SessionHost(context, timers, held, id, incarnation, metrics, clock)))).narrow();
  }

  /** Where the session is: the phases a host goes through, most of its life awake or asleep. */
  private enum Phase {
    AWAKE,
    /** The incarnation was asked to sleep: commands are held until it answers. */
    ASKED_TO_SLEEP,
    /** It handed over and is being stopped: commands are held until it has. */
    FALLING_ASLEEP,
    ASLEEP,
    /** Sharding's stop was passed on: the host stops with its incarnation. */
    STOPPING
  }

  private final TimerScheduler<Object> timers;
  private final StashBuffer<Object> held;
  private final SessionId id;
  private final Function<SessionRest.Host, Behavior<SessionCommand>> incarnationOf;
  private final SessionMetrics metrics;
  private final Clock clock;
  private Phase phase;
  // The running incarnation, or the one falling asleep until it has stopped.
  private ActorRef<SessionCommand> incarnation;
  // What a sleeping session's incarnation handed over; an awake one keeps its own followers.
  private Set<ActorRef<SessionUpdate>> followers = Set.of();
  private Instant idleCloseDue;

  private SessionHost(ActorContext<Object> context, TimerScheduler<Object> timers, StashBuffer<Object> held,
      SessionId id, Function<SessionRest.Host, Behavior<SessionCommand>> incarnationOf, SessionMetrics metrics,
      Clock clock) {
    super(context);
    this.timers = timers;
    this.held = held;
    this.id = id;
    this.incarnationOf = incarnationOf;
    this.metrics = metrics;
    this.clock = clock;
    // Awake from the start: only a recovered session knows whether it is open and when it closes.
    wake();
  }

  @Override
  public Receive<Object> createReceive() {
    return newReceiveBuilder()
        .onMessage(SessionCommand.Stop.class, stop -> onStop())
        .onMessage(SessionCommand.class, this::onCommand)
        .onMessage(SessionRest.Resting.class, this::onResting)
        .onMessage(SessionRest.StillAwake.class, this::onStillAwake)
        .onMessage(SessionRest.Slept.class, this::onSlept)
        .onMessage(IncarnationStopped.class, this::onIncarnationStopped)
        .onMessage(IdleCloseDue.class, due -> {
          if (phase == Phase.ASLEEP) wake();
          return this;
        })
        .build();
  }

  private Behavior<Object> onCommand(SessionCommand command) {
    switch (phase) {
      case AWAKE -> incarnation.tell(command);
      case ASKED_TO_SLEEP, FALLING_ASLEEP -> hold(command);
      case ASLEEP -> {
        // Leaving a sleeping session needs nothing of it.
        if (command instanceof SessionCommand.Unsubscribe leaving) {
          followers = without(followers, leaving.subscriber());
        } else {
          wake();
          incarnation.tell(command);
        }
      }
      case STOPPING ->
          getContext().getLog().debug("session {} is stopping; {} is dropped", id, command.getClass().getSimpleName());
    }
    return this;
  }

  private Behavior<Object> onStop() {
    if (phase == Phase.ASLEEP) {
      metrics.sessionWoke();
      return Behaviors.stopped();
    }
    if (phase == Phase.STOPPING) return this;
    Behavior<Object> next = this;
    if (phase == Phase.ASKED_TO_SLEEP) {
      // What it held back goes first: the stop comes after the commands it came after.
      phase = Phase.AWAKE;
      next = held.unstashAll(this);
    }
    if (phase != Phase.FALLING_ASLEEP) incarnation.tell(new SessionCommand.Stop());
    phase = Phase.STOPPING;
    return next;
  }

  private Behavior<Object> onResting(SessionRest.Resting resting) {
    if (phase != Phase.AWAKE || !resting.incarnation().equals(incarnation)) return this;
    // The commands already forwarded reach it before this question, so its answer covers them all.
    phase = Phase.ASKED_TO_SLEEP;
    incarnation.tell(new SessionCommand.Sleep());
    return this;
  }

  private Behavior<Object> onStillAwake(SessionRest.StillAwake awake) {
    if (phase != Phase.ASKED_TO_SLEEP || !awake.incarnation().equals(incarnation)) return this;
    phase = Phase.AWAKE;
    return held.unstashAll(this);
  }

  private Behavior<Object> onSlept(SessionRest.Slept slept) {
    if (phase != Phase.ASKED_TO_SLEEP || !slept.incarnation().equals(incarnation)) return this;
    phase = Phase.FALLING_ASLEEP;
    followers = slept.followers();
    idleCloseDue = slept.idleCloseDue();
    getContext().stop(incarnation);
    return this;
  }

  private Behavior<Object> onIncarnationStopped(IncarnationStopped stopped) {
    if (!stopped.incarnation().equals(incarnation)) return this;
    incarnation = null;
    if (phase != Phase.FALLING_ASLEEP) return Behaviors.stopped();
    phase = Phase.ASLEEP;
    metrics.sessionSlept();
    if (!held.isEmpty()) {
      wake();
      return held.unstashAll(this);
    }
    Duration untilDue = Duration.between(clock.instant(), idleCloseDue);
    timers.startSingleTimer(IDLE_CLOSE, new IdleCloseDue(), untilDue.isNegative() ? Duration.ZERO : untilDue);
    return this;
  }

  private void wake() {
    if (phase == Phase.ASLEEP) {
      metrics.sessionWoke();
      timers.cancel(IDLE_CLOSE);
    }
    ActorRef<SessionRest> host = getContext().getSelf().narrow();
    ActorRef<SessionCommand> address = getContext().getSelf().narrow();
    incarnation = getContext().spawnAnonymous(incarnationOf.apply(new SessionRest.Host(host, address, followers)));
    getContext().watchWith(incarnation, new IncarnationStopped(incarnation));
    followers = Set.of();
    phase = Phase.AWAKE;
  }

  private void hold(SessionCommand command) {
    if (held.isFull()) {
      getContext().getLog().warn("session {} is falling asleep with {} commands held; {} is dropped", id,
          HELD_COMMANDS, command.getClass().getSimpleName());
    } else {
      held.stash(command);
    }
  }

  private static Set<ActorRef<SessionUpdate>> without(Set<ActorRef<SessionUpdate>> set, ActorRef<SessionUpdate> one) {
    Set<ActorRef<SessionUpdate>> rest = new HashSet<>(set);
    rest.remove(one);
    return Set.copyOf(rest);
  }
}
