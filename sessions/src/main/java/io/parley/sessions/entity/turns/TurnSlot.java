package io.parley.sessions.entity.turns;

import io.parley.core.prompt.ConversationTokenCounts;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.procedure.TenantLogic;
import io.parley.sessions.turn.Answering;
import io.parley.sessions.turn.TurnReport;
import io.parley.sessions.turn.TurnRequest;
import io.parley.sessions.turn.TurnRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The one turn a session answers at a time: its {@link TurnRunner} child, its answer as streamed so
 * far, whether it is held for what the customer heard of it, and the traces the waiting turns
 * continue. In memory only: after a restart the persisted queue of unanswered messages starts the
 * turns again, in new traces.
 */
public final class TurnSlot {
  /**
   * How long a held turn waits for what was heard: the voice side waits at most 400 ms for the
   * page's playback position; this covers a session on another node and a slow page.
   */
  public static final Duration HOLD_LIMIT = Duration.ofSeconds(3);

  /**
   * The turn being answered right now, the child answering it, and the approvals of its tool calls
   * that were decided when it started (what the child knew of them).
   */
  record RunningTurn(String turnId, ActorRef<TurnRunner.Command> runner, Instant startedAt, Set<String> decidedApprovals) {}

  private final ActorContext<SessionInput> context;
  private final TimerScheduler<SessionInput> timers;
  private final Answering services;
  private final TenantLogic logic;
  // Where the runners report: heard as the session's own commands, with no hop of their own.
  private final ActorRef<TurnReport> reports;
  private Optional<RunningTurn> running = Optional.empty();
  private boolean held;
  // The running turn's answer so far, as streamed: what a spoken answer interrupted mid-stream is cut from.
  private final StringBuilder streamed = new StringBuilder();
  // The trace each waiting turn continues (docs/tracing.md).
  private final Map<String, String> traces = new HashMap<>();
  // Made with the first turn: a session that is only open (most idle ones) counts nothing.
  private ConversationTokenCounts tokenCounts;

  public TurnSlot(ActorContext<SessionInput> context, TimerScheduler<SessionInput> timers, Answering services,
      TenantLogic logic) {
    this.context = context;
    this.timers = timers;
    this.services = services;
    this.logic = logic;
    this.reports = context.messageAdapter(TurnReport.class, InternalCommand::of);
  }

  /** The session's token counts, shared by its turns so that each message is counted once. */
  ConversationTokenCounts tokenCounts() {
    if (tokenCounts == null) tokenCounts = services.prompts().conversationCounts();
    return tokenCounts;
  }

  /** {@code turnId}'s turn continues the trace of {@code traceparent}, the span that stored its message. */
  public void trace(String turnId, Optional<String> traceparent) {
    traceparent.ifPresent(value -> traces.put(turnId, value));
  }

  /** The trace {@code turnId}'s turn continues, handed over once: the turn's runner takes it. */
  Optional<String> takeTrace(String turnId) {
    return Optional.ofNullable(traces.remove(turnId));
  }

  /** Starts a child runner for {@code request}'s turn, watched: it may stop without an answer. */
  void start(TurnRequest request) {
    ActorRef<TurnRunner.Command> runner =
        context.spawnAnonymous(TurnRunner.create(request, reports, services, logic));
    context.watchWith(runner, new InternalCommand.TurnRunnerStopped(request.turnId()));
    Set<String> decided = request.rounds().stream().flatMap(round -> round.decidedApprovals().stream())
        .collect(Collectors.toUnmodifiableSet());
    running = Optional.of(new RunningTurn(request.turnId(), runner, services.clock().instant(), decided));
    streamed.setLength(0);
  }

  /** A piece of the running turn's answer went to the subscribers. */
  void streamed(String delta) {
    streamed.append(delta);
  }

  String streamedAnswer() {
    return streamed.toString();
  }

  public Optional<String> runningTurnId() {
    return running.map(RunningTurn::turnId);
  }

  /** The approvals decided when the running turn's runner started; none when no turn runs. */
  Optional<Set<String>> decidedWhenStarted() {
    return running.map(RunningTurn::decidedApprovals);
  }

  boolean isRunning(String turnId) {
    return running.filter(turn -> turn.turnId().equals(turnId)).isPresent();
  }

  /** Whether {@code turnId} is the running turn, held for what was heard of it. */
  boolean isHeld(String turnId) {
    return held && isRunning(turnId);
  }

  /** Whether {@code turnId} is the running turn and its runner still answers (it is not held). */
  public boolean isAnswering(String turnId) {
    return !held && isRunning(turnId);
  }

  /**
   * The customer spoke over the running turn {@code turnId}: its runner stops (cancelling its model
   * call) while the turn stays running, its answer as far as it was streamed, until the session is
   * told what was heard or {@link #HOLD_LIMIT} passes. Returns whether it was held now.
   */
  boolean hold(String turnId) {
    if (!isRunning(turnId) || held) return false;
    held = true;
    context.stop(running.get().runner());
    timers.startSingleTimer(new InternalCommand.HoldExpired(turnId), HOLD_LIMIT);
    return true;
  }

  /** Forgets the running turn (it was answered); returns it. */
  Optional<RunningTurn> ended() {
    Optional<RunningTurn> ended = running;
    running = Optional.empty();
    held = false;
    return ended;
  }

  /**
   * The running turn's runner stopped to wait for approvals: the turn no longer runs, and the stop
   * of that runner is no failure to answer for.
   */
  public void awaitingApproval() {
    running.ifPresent(turn -> context.unwatch(turn.runner()));
    ended();
  }

  /** Stops the running turn's runner, which will not answer. */
  public void stop() {
    ended().ifPresent(turn -> context.stop(turn.runner()));
  }

  /** Where a reply nobody waits for goes (a held turn that expired answers nobody). */
  <T> ActorRef<T> nobody() {
    return context.getSystem().ignoreRef();
  }
}
