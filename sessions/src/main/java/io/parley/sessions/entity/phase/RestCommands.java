package io.parley.sessions.entity.phase;

import io.parley.core.handoff.HandoffStatus;
import io.parley.sessions.entity.InternalCommand.IdleCheck;
import io.parley.sessions.entity.InternalCommand.Sleep;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Erased;
import io.parley.sessions.entity.SessionState.NotStarted;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.phase.HostLink;
import io.parley.sessions.entity.turns.AnswerWaiters;
import io.parley.sessions.entity.turns.MessageGate;
import io.parley.sessions.entity.turns.SummaryRuns;
import io.parley.sessions.entity.turns.TenantUsage;
import io.parley.sessions.entity.turns.TurnSlot;
import io.parley.sessions.host.SessionRest;
import java.time.Instant;
import java.util.Optional;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Rest, in any state: a session nobody uses with nothing left to do is passivated; an open one with
 * nothing under way tells its host, which may ask it to sleep ({@link SessionRest}, {@link io.parley.sessions.host.SessionHost}).
 * Asked, it hands over what must outlive it if it is still at rest.
 */
public record RestCommands(SessionEffects effect, SessionScope scope, HostLink host,
    IdleClock idleClock, Subscribers subscribers, AnswerWaiters waiters, TurnSlot turn, SummaryRuns summaries,
    MessageGate gate, TenantUsage usage) {

  /**
   * Passivates a session nobody uses that has nothing left to do; a closed one stays until its
   * archive and memory are written. An open session stays (it closes itself when idle), but one
   * with nothing under way tells its host, which may put it to sleep.
   */
  public ReplyEffect<SessionEvent, SessionState> onIdleCheck(SessionState state, IdleCheck cmd) {
    boolean settled = state instanceof NotStarted || state instanceof Erased
        || (state instanceof Closed finished && !finished.needsArchive() && !finished.needsMemory());
    if (settled && subscribers.isEmpty() && waiters.isEmpty()) host.passivate();
    if (resting(state).isPresent()) host.resting();
    return effect.noReply();
  }

  /**
   * The host asks it to sleep: it hands over what must outlive it if it is still at rest, and the
   * host stops it. One whose idle close is due stays awake to close.
   */
  public ReplyEffect<SessionEvent, SessionState> onSleep(SessionState state, Sleep cmd) {
    Optional<Instant> sleepUntil = resting(state).map(idleClock::closeDue).filter(due -> due.isAfter(scope.now()));
    host.tellHost(sleepUntil.<SessionRest>map(idleCloseDue -> {
      idleClock.handedOver();
      return new SessionRest.Slept(host.self(), subscribers.refs(), idleCloseDue);
    }).orElseGet(() -> new SessionRest.StillAwake(host.self())));
    return effect.noReply();
  }

  /** The session, if it is open with nothing under way. */
  private Optional<Open> resting(SessionState state) {
    return state instanceof Open open && atRest(open) ? Optional.of(open) : Optional.empty();
  }

  /**
   * Nothing is under way that a sleep would lose: no turn running or waiting, no approval waited for
   * (a procedure's step may wait for one with no turn pending; its expiry is a timer of the
   * incarnation), nobody waiting for an answer, no handoff (its queue and timers live in the
   * incarnation), no summary being written, no budget asked, no turn's usage still being reported to
   * the tenant's budget.
   */
  private boolean atRest(Open open) {
    return turn.runningTurnId().isEmpty() && open.pendingTurns().isEmpty() && open.pendingApprovals().isEmpty()
        && waiters.isEmpty()
        && open.handoff().status() == HandoffStatus.BOT && !summaries.running() && !gate.asking()
        && !usage.reporting();
  }
}
