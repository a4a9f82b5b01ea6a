package io.parley.sessions.host;

import io.parley.core.session.SessionId;
import io.parley.core.session.WakePacing;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.entity.SessionInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Queue;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ExtensibleBehavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Signal;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The sharded entity of one conversation, so that memory follows the conversations people are
 * having rather than the sockets they leave open. The host stays, remembered by its shard, for as
 * long as the session lives; the event-sourced session (its {@code incarnation}: the data key's
 * loading, then {@code ChatSession}) runs as its child only while something happens. It knows the
 * session only by its public commands: the incarnations are made by the functions it is given. An
 * open session with nothing under way for {@code passivate-after-idle} sleeps: the incarnation hands
 * over its followers and when it closes for idleness, and stops ({@link SessionRest}). The next
 * command wakes it: a new incarnation reads the key, replays the journal from its last snapshot,
 * and answers; so does the idle close when it comes due.
 *
 * <p>The host is the address the session gives its followers, so a sleep is invisible to them: an
 * update for them (an agent's message, a workflow's result) is a command like any other and wakes
 * the session, which sends it to the followers it was handed. The host forwards sharding's stop to
 * the incarnation and stops with it; an incarnation that stops by itself (its key could not be
 * read) takes the host with it, as the session itself stopped before there was a host.
 *
 * <p>A new host waits for its first command before it wakes the session. A {@code Start} of an id
 * its caller has just minted gets an incarnation that reads nothing (there is nothing to read);
 * any other command, one that replays the journal. No command within {@link #FIRST_COMMAND_GRACE}
 * means that the shard restarted a session it remembers (the node restarted, or took over a dead
 * node's shards): that host sleeps until a slot of the node's {@link WakePacing}, so that
 * thousands of such sessions replay a few at a time while those someone asks for wake at once.
 * A wake nobody asked for (that turn, or the idle close) asks the session at once whether it is at
 * rest, so that it sleeps again straight after its replay.
 *
 * <p>A host is kept lean, since a node holds one for every open session: no builder tables,
 * timers or stash of Pekko's (each a few hundred bytes per actor), but a message switch, one
 * scheduled wake while asleep, and a queue only while commands are held.
 */
public final class SessionHost extends ExtensibleBehavior<Object> {
  private static final int HELD_COMMANDS = 1000;
  /**
   * How long a new host waits for a command before it takes itself for a remembered session that
   * its shard restarted. A command that starts a host is sent right behind it, well within this.
   */
  public static final Duration FIRST_COMMAND_GRACE = Duration.ofSeconds(1);

  private record IncarnationStopped(ActorRef<SessionInput> incarnation) {}

  /** The scheduled wake is due: the idle close, or a restarted session's paced turn. */
  private record WakeDue() {}

  private record GraceOver() {}

  /**
   * How a host makes its session's incarnations: {@code recovering} reads the key and replays the
   * journal; {@code newId} serves the start of a session whose id was just minted. {@code counted}
   * counts a failed replay, and says whether it was the session's own failure: then the incarnation
   * is stopped rather than left to retry, and the next one may find the session failed-safe.
   */
  public record Incarnations(Function<SessionRest.Host, Behavior<SessionInput>> recovering,
      Function<SessionRest.Host, Behavior<SessionInput>> newId, Predicate<Throwable> counted) {

    /** Incarnations whose failed replays are only retried, as the journal's failures are (a host in a test). */
    public Incarnations(Function<SessionRest.Host, Behavior<SessionInput>> recovering,
        Function<SessionRest.Host, Behavior<SessionInput>> newId) {
      this(recovering, newId, failure -> false);
    }
  }

  /**
   * The host of session {@code id}; sessions its shard restarts wake at {@code pacing}'s pace.
   * {@code stop} is sharding's stop message, which the host passes on to its incarnation.
   */
  public static Behavior<SessionInput> create(SessionId id, Incarnations incarnations, SessionInput stop,
      WakePacing pacing, SessionMetrics metrics, Clock clock) {
    return Behaviors.<Object>setup(context -> new SessionHost(context, id, incarnations, stop, pacing, metrics, clock))
        .narrow();
  }

  /** Where the session is: the phases a host goes through, most of its life awake or asleep. */
  private enum Phase {
    /** Started by its shard, asked nothing yet. */
    NEW,
    AWAKE,
    /** The incarnation was asked to sleep: commands are held until it answers. */
    ASKED_TO_SLEEP,
    /** It handed over and is being stopped: commands are held until it has. */
    FALLING_ASLEEP,
    ASLEEP,
    /** Sharding's stop was passed on: the host stops with its incarnation. */
    STOPPING
  }

  private final ActorContext<Object> context;
  private final SessionId id;
  private final Incarnations incarnations;
  private final SessionInput stop;
  private final WakePacing pacing;
  private final SessionMetrics metrics;
  private final Clock clock;
  private Phase phase;
  // The running incarnation, or the one falling asleep until it has stopped.
  private ActorRef<SessionInput> incarnation;
  // What a sleeping session's incarnation handed over; an awake one keeps its own followers.
  private Set<ActorRef<SessionUpdate>> followers = Set.of();
  private Instant idleCloseDue;
  // The end of a new host's grace, then, while asleep, its wake (the idle close or a paced turn).
  private Cancellable wakeTimer;
  // Commands that came while the incarnation was asked to sleep or fell asleep; null when none are held.
  private Queue<SessionCommand> held;
  // The incarnation stopped for a failure of the session's own, which Pekko may signal twice.
  private ActorRef<SessionInput> failed;

  private SessionHost(ActorContext<Object> context, SessionId id, Incarnations incarnations, SessionInput stop,
      WakePacing pacing, SessionMetrics metrics, Clock clock) {
    this.context = context;
    this.id = id;
    this.incarnations = incarnations;
    this.stop = stop;
    this.pacing = pacing;
    this.metrics = metrics;
    this.clock = clock;
    this.phase = Phase.NEW;
    this.wakeTimer = context.scheduleOnce(FIRST_COMMAND_GRACE, context.getSelf(), new GraceOver());
  }

  @Override
  public Behavior<Object> receive(TypedActorContext<Object> ignored, Object message) {
    if (stop.equals(message)) return onStop();
    if (message instanceof SessionCommand command) return onCommand(command);
    if (message instanceof SessionRest.Resting resting) return onResting(resting);
    if (message instanceof SessionRest.StillAwake awake) return onStillAwake(awake);
    if (message instanceof SessionRest.Slept slept) return onSlept(slept);
    if (message instanceof IncarnationStopped stopped) return onIncarnationStopped(stopped);
    if (message instanceof SessionRest.RecoveryFailed recovery) onRecoveryFailed(recovery);
    if (message instanceof WakeDue && phase == Phase.ASLEEP) wakeUnasked();
    if (message instanceof GraceOver && phase == Phase.NEW) sleepUntilPacedWake();
    return this;
  }

  @Override
  public Behavior<Object> receiveSignal(TypedActorContext<Object> ignored, Signal signal) {
    if (signal instanceof PostStop) {
      if (wakeTimer != null) wakeTimer.cancel();
      // Stopped by its shard while asleep (the shard stopped, the node leaves abruptly).
      if (phase == Phase.ASLEEP) metrics.sessionWoke();
    }
    return this;
  }

  private Behavior<Object> onCommand(SessionCommand command) {
    switch (phase) {
      case NEW -> {
        // Leaving needs nothing of a session not woken yet: it waits for another command or its turn.
        if (command instanceof SessionCommand.Unsubscribe) return this;
        wakeTimer.cancel();
        boolean newId = command instanceof SessionCommand.Start start && start.newId();
        wake(newId ? incarnations.newId() : incarnations.recovering(), false);
        incarnation.tell(command);
      }
      case AWAKE -> incarnation.tell(command);
      case ASKED_TO_SLEEP -> hold(command);
      case FALLING_ASLEEP -> {
        hold(command);
        leaveBeforeWaking();
      }
      case ASLEEP -> {
        // Leaving a sleeping session needs nothing of it.
        if (command instanceof SessionCommand.Unsubscribe leaving) {
          followers = without(followers, leaving.subscriber());
        } else {
          wake(incarnations.recovering(), false);
          incarnation.tell(command);
        }
      }
      case STOPPING ->
          context.getLog().debug("session {} is stopping; {} is dropped", id, command.getClass().getSimpleName());
    }
    return this;
  }

  private Behavior<Object> onStop() {
    // Nothing runs; its PostStop counts a sleeping one out of the sleeping ones.
    if (phase == Phase.ASLEEP || phase == Phase.NEW) return Behaviors.stopped();
    if (phase == Phase.STOPPING) return this;
    if (phase == Phase.ASKED_TO_SLEEP) {
      // What it held back goes first: the stop comes after the commands it came after.
      phase = Phase.AWAKE;
      handOverHeld();
    }
    if (phase != Phase.FALLING_ASLEEP) incarnation.tell(stop);
    phase = Phase.STOPPING;
    return this;
  }

  private Behavior<Object> onResting(SessionRest.Resting resting) {
    if (phase != Phase.AWAKE || !resting.incarnation().equals(incarnation)) return this;
    // The commands already forwarded reach it before this question, so its answer covers them all.
    phase = Phase.ASKED_TO_SLEEP;
    resting.asks().tell(new SessionRest.Sleep());
    return this;
  }

  private Behavior<Object> onStillAwake(SessionRest.StillAwake awake) {
    if (phase != Phase.ASKED_TO_SLEEP || !awake.incarnation().equals(incarnation)) return this;
    phase = Phase.AWAKE;
    handOverHeld();
    return this;
  }

  private Behavior<Object> onSlept(SessionRest.Slept slept) {
    if (phase != Phase.ASKED_TO_SLEEP || !slept.incarnation().equals(incarnation)) return this;
    phase = Phase.FALLING_ASLEEP;
    followers = slept.followers();
    idleCloseDue = slept.idleCloseDue();
    leaveBeforeWaking();
    context.stop(incarnation);
    return this;
  }

  /**
   * The session's own failure is counted once and stops the incarnation, and so the host, as any
   * incarnation that fails.
   */
  private void onRecoveryFailed(SessionRest.RecoveryFailed recovery) {
    if (recovery.incarnation().equals(incarnation) && !incarnation.equals(failed)
        && incarnations.counted().test(recovery.cause())) {
      failed = incarnation;
      context.stop(incarnation);
    }
  }

  private Behavior<Object> onIncarnationStopped(IncarnationStopped stopped) {
    if (!stopped.incarnation().equals(incarnation)) return this;
    incarnation = null;
    boolean stopping = phase == Phase.STOPPING;
    if (held != null && (stopping || phase == Phase.FALLING_ASLEEP)) {
      // Commands came while it fell asleep: a new incarnation takes them, then sharding's stop if one came.
      wake(incarnations.recovering(), false);
      handOverHeld();
      return stopping ? onStop() : this;
    }
    if (phase != Phase.FALLING_ASLEEP) return Behaviors.stopped();
    phase = Phase.ASLEEP;
    metrics.sessionSlept();
    Duration untilDue = Duration.between(clock.instant(), idleCloseDue);
    wakeTimer = context.scheduleOnce(untilDue.isNegative() ? Duration.ZERO : untilDue, context.getSelf(), new WakeDue());
    return this;
  }

  /**
   * Nothing asked for the session its shard restarted: it sleeps until its paced turn, then replays
   * and finds out whether it is open and when it closes, as after its idle close.
   */
  private void sleepUntilPacedWake() {
    phase = Phase.ASLEEP;
    metrics.sessionSlept();
    wakeTimer = context.scheduleOnce(pacing.nextDelay(), context.getSelf(), new WakeDue());
  }

  /**
   * Nobody asked: the session replays to do what it must (close for idleness, answer a turn a crash
   * cut short) and is asked at once, rather than after passivate-after-idle, whether it is at rest;
   * then it sleeps again, unless its idle close is due. The host stays awake meanwhile, so a command
   * that comes during the replay reaches this incarnation before the question, instead of waiting
   * for it to fall asleep and for another replay.
   */
  private void wakeUnasked() {
    wake(incarnations.recovering(), true);
  }

  private void wake(Function<SessionRest.Host, Behavior<SessionInput>> incarnationOf, boolean unasked) {
    if (phase == Phase.ASLEEP) {
      metrics.sessionWoke();
      wakeTimer.cancel();
    }
    wakeTimer = null;
    incarnation = context.spawnAnonymous(incarnationOf.apply(new SessionRest.Host(context.getSelf(), followers, unasked)));
    context.watchWith(incarnation, new IncarnationStopped(incarnation));
    followers = Set.of();
    phase = Phase.AWAKE;
  }

  private void hold(SessionCommand command) {
    if (held == null) held = new ArrayDeque<>();
    if (held.size() >= HELD_COMMANDS) {
      context.getLog().warn("session {} is falling asleep with {} commands held; {} is dropped", id,
          HELD_COMMANDS, command.getClass().getSimpleName());
    } else {
      held.add(command);
    }
  }

  /**
   * Leaving needs nothing of a session that fell asleep: followers who left before any other
   * command came leave the ones it handed over, instead of waking it again when it has stopped.
   */
  private void leaveBeforeWaking() {
    while (held != null && held.peek() instanceof SessionCommand.Unsubscribe leaving) {
      followers = without(followers, leaving.subscriber());
      held.remove();
    }
    if (held != null && held.isEmpty()) held = null;
  }

  /** Passes the held commands, in order, to the awake incarnation. */
  private void handOverHeld() {
    if (held != null) held.forEach(incarnation::tell);
    held = null;
  }

  private static Set<ActorRef<SessionUpdate>> without(Set<ActorRef<SessionUpdate>> set, ActorRef<SessionUpdate> one) {
    Set<ActorRef<SessionUpdate>> rest = new HashSet<>(set);
    rest.remove(one);
    return Set.copyOf(rest);
  }
}
