package io.parley.sessions.entity;

import io.parley.core.bot.ToolApproval;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.InternalCommand.AgentApprovalsRefresh;
import io.parley.sessions.entity.InternalCommand.ApprovalExpired;
import io.parley.sessions.entity.InternalCommand.RecordApproval;
import io.parley.sessions.entity.InternalCommand.TurnAwaitsApproval;
import io.parley.sessions.entity.SessionCommand.DecideApproval;
import io.parley.sessions.entity.SessionEvent.ApprovalDecided;
import io.parley.sessions.entity.SessionEvent.ApprovalRequested;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.turn.ToolRound;
import io.parley.sessions.turn.TurnReport;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The approvals a session's tool calls wait for (docs/tools.md#approvals). An approval is asked
 * for by the turn's runner, made durable, and sent to the followers; the runner stops once only
 * calls waiting for approvals are left. The customer (or an agent of the tenant, as the tool says)
 * approves or refuses it, or it expires at its time: the decision is made durable and the turn
 * starts again, running an approved call and telling the model of a refused or expired one. The
 * expiry is a timer of the incarnation, set again from the journal when the session recovers (after
 * a crash or a move to another node): a session waiting for an approval is never at rest, so it
 * does not sleep. An approval for an agent is listed in every agent's console, through the tenant's
 * agent queue, until it is decided or expires. A procedure's tool step asks for its approval here too
 * ({@link ProcedureApprovals}); once decided, the run's next step is due instead of a turn.
 */
record ApprovalCommands(EffectFactories<SessionEvent, SessionState> effect, SessionScope scope,
    TimerScheduler<SessionCommand> timers, TurnSlot turn, Subscribers subscribers, NextTurn nextTurn,
    AgentQueueLink agentQueue) {
  static <E> void register(CommandRoutes.Builder<E> routes, Function<E, ApprovalCommands> handler) {
    routes.inState(Open.class).by(handler)
        .on(RecordApproval.class, (h, state, cmd) -> h.onApprovalNeeded(state, cmd.report()))
        .on(TurnAwaitsApproval.class, (h, state, cmd) -> h.onTurnAwaits(state, cmd.report()))
        .on(DecideApproval.class, ApprovalCommands::onDecide)
        .on(ApprovalExpired.class, ApprovalCommands::onExpired)
        .on(AgentApprovalsRefresh.class, (h, state, cmd) -> h.onRefresh(state));
  }

  /** The session recovered open: each approval it waits for expires at its time still, and agents list theirs again. */
  void recovered(Open open) {
    open.pendingApprovals().forEach(pending -> arm(pending.approval()));
    agentQueue.approvalsWaiting(open.pendingApprovals());
  }

  ReplyEffect<SessionEvent, SessionState> onRefresh(Open state) {
    agentQueue.approvalsWaiting(state.pendingApprovals());
    return effect.noReply();
  }

  /** The approvals the session waits for, as one who just joined hears of them. */
  static List<SessionUpdate> asked(Open open) {
    return open.pendingApprovals().stream().<SessionUpdate>map(pending ->
        update(open, pending.turnId(), pending.approval(), SessionUpdate.ApprovalChanged.PENDING, Optional.empty())).toList();
  }

  ReplyEffect<SessionEvent, SessionState> onApprovalNeeded(Open state, TurnReport.ApprovalNeeded cmd) {
    if (!turn.isAnswering(cmd.turnId())) return effect.reply(cmd.replyTo(), Done.getInstance());
    return ask(state, new ApprovalRequested(cmd.turnId(), cmd.approval(), scope.now()))
        .thenReply(cmd.replyTo(), after -> Done.getInstance());
  }

  /**
   * Asks for an approval, a turn's call's or a procedure step's: made durable first, then its
   * expiry set and whoever approves told, as every approval is.
   */
  EffectBuilder<SessionEvent, SessionState> ask(Open state, ApprovalRequested asked) {
    ToolRound.Approval approval = asked.approval();
    return effect.persist(asked).thenRun(after -> {
      arm(approval);
      subscribers.publish(update(state, asked.turnId(), approval, SessionUpdate.ApprovalChanged.PENDING, Optional.empty()));
      agentQueue.approvalsWaiting(((Open) after).pendingApprovals());
    });
  }

  /**
   * The runner stopped to wait: the turn no longer runs. When its approvals were decided meanwhile
   * the word is void: the runner's stop, heard next, starts the turn again (TurnCommands), and a
   * word heard after that stop must not end the new run.
   */
  ReplyEffect<SessionEvent, SessionState> onTurnAwaits(Open state, TurnReport.AwaitingApproval cmd) {
    if (!turn.isAnswering(cmd.turnId()) || !state.awaitsApproval(cmd.turnId())) return effect.noReply();
    turn.awaitingApproval();
    nextTurn.startIfDue(state);
    return effect.noReply();
  }

  ReplyEffect<SessionEvent, SessionState> onDecide(Open state, DecideApproval cmd) {
    Optional<PendingApproval> pending = state.pendingApprovals().stream()
        .filter(p -> p.approval().approvalId().equals(cmd.approvalId())).findFirst();
    if (pending.isEmpty()) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.NOT_FOUND,
          "no approval " + cmd.approvalId() + " is waiting in this session")));
    }
    ToolApproval approver = pending.get().approval().approver();
    if (approver != cmd.by()) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.FORBIDDEN,
          "approval " + cmd.approvalId() + " is for " + (approver == ToolApproval.CUSTOMER ? "the customer" : "an agent")
              + " to give")));
    }
    ToolRound.Outcome outcome = cmd.approved() ? ToolRound.Outcome.APPROVED : ToolRound.Outcome.REFUSED;
    scope.log(Level.INFO).log("approval {} {} by {}{}", cmd.approvalId(), outcome.wireName(), cmd.by().wireName(),
        cmd.agentId().map(agent -> " " + agent).orElse(""));
    return decide(state, pending.get(), new ToolRound.Decision(outcome, cmd.approved() ? Optional.empty() : cmd.reason(),
        scope.now(), approver == ToolApproval.AGENT ? cmd.agentId() : Optional.empty()))
        .thenReply(cmd.replyTo(), after -> StatusReply.success(Done.getInstance()));
  }

  ReplyEffect<SessionEvent, SessionState> onExpired(Open state, ApprovalExpired cmd) {
    return state.pendingApprovals().stream().filter(p -> p.approval().approvalId().equals(cmd.approvalId())).findFirst()
        .map(pending -> decide(state, pending, new ToolRound.Decision(ToolRound.Outcome.EXPIRED, Optional.empty(), scope.now()))
            .thenNoReply())
        .orElseGet(effect::noReply);
  }

  private EffectBuilder<SessionEvent, SessionState> decide(Open state, PendingApproval pending,
      ToolRound.Decision decision) {
    ToolRound.Approval approval = pending.approval();
    return effect
        .persist(new ApprovalDecided(pending.turnId(), approval.approvalId(), decision))
        .thenRun(after -> {
          timers.cancel(timerKey(approval.approvalId()));
          agentQueue.approvalsSettled(List.of(pending));
          subscribers.publish(update(state, pending.turnId(), approval, decision.outcome().wireName(), decision.reason()));
          nextTurn.startIfDue(after);
        });
  }

  private void arm(ToolRound.Approval approval) {
    Duration left = Duration.between(scope.now(), approval.expiresAt());
    timers.startSingleTimer(timerKey(approval.approvalId()), new ApprovalExpired(approval.approvalId()),
        left.isNegative() ? Duration.ZERO : left);
  }

  private static String timerKey(String approvalId) {
    return "approval-" + approvalId;
  }

  private static SessionUpdate.ApprovalChanged update(Open state, String turnId, ToolRound.Approval approval,
      String status, Optional<String> reason) {
    return new SessionUpdate.ApprovalChanged(approval.approvalId(), turnId, approval.tool(), approval.summary(),
        approval.argumentsJson(), approval.approver(), approval.expiresAt(), status, reason,
        OpenCommands.languagePack(state).language());
  }
}
