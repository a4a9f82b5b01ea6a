package io.parley.sessions.entity.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.bot.ToolApproval;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import io.parley.sessions.entity.InternalCommand.ApprovalExpired;
import io.parley.sessions.entity.PendingApproval;
import io.parley.sessions.entity.SessionCommand.DecideApproval;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.ApprovalDecided;
import io.parley.sessions.entity.SessionEvent.ApprovalRequested;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.handoff.AgentQueueLink;
import io.parley.sessions.entity.turns.NextTurn;
import io.parley.sessions.entity.turns.TurnCommands;
import io.parley.sessions.entity.turns.TurnSlot;
import io.parley.sessions.turn.ToolRound;
import io.parley.sessions.turn.TurnReport;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
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
 * (the procedure's rounds); once decided, the run's next step is due instead of a turn.
 */
public record ApprovalCommands(SessionEffects effect, SessionScope scope, ApprovalAsks asks, TurnSlot turn,
    Subscribers subscribers, NextTurn nextTurn, AgentQueueLink agentQueue) {

  public ReplyEffect<SessionEvent, SessionState> onRefresh(Open state) {
    agentQueue.approvalsWaiting(state.pendingApprovals());
    return effect.noReply();
  }

  public ReplyEffect<SessionEvent, SessionState> onApprovalNeeded(Open state, TurnReport.ApprovalNeeded cmd) {
    if (!turn.isAnswering(cmd.turnId())) return effect.reply(cmd.replyTo(), Done.getInstance());
    return asks.ask(state, new ApprovalRequested(cmd.turnId(), cmd.approval(), scope.now()))
        .thenReply(cmd.replyTo(), after -> Done.getInstance());
  }

  /**
   * The runner stopped to wait: the turn no longer runs. When its approvals were decided meanwhile
   * the word is void: the runner's stop, heard next, starts the turn again (TurnCommands), and a
   * word heard after that stop must not end the new run.
   */
  public ReplyEffect<SessionEvent, SessionState> onTurnAwaits(Open state, TurnReport.AwaitingApproval cmd) {
    if (!turn.isAnswering(cmd.turnId()) || !state.awaitsApproval(cmd.turnId())) return effect.noReply();
    turn.awaitingApproval();
    nextTurn.startIfDue(state);
    return effect.noReply();
  }

  public ReplyEffect<SessionEvent, SessionState> onDecide(Open state, DecideApproval cmd) {
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
    Optional<String> unfit = unfit(pending.get().approval(), cmd);
    if (unfit.isPresent()) return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.BAD_REQUEST, unfit.get())));
    ToolRound.Outcome outcome = cmd.approved() ? ToolRound.Outcome.APPROVED : ToolRound.Outcome.REFUSED;
    // The answers are personal data: the log names the decision only.
    scope.log(Level.INFO).log("approval {} {} by {}{}", cmd.approvalId(), outcome.wireName(), cmd.by().wireName(),
        cmd.agentId().map(agent -> " " + agent).orElse(""));
    return decide(state, pending.get(), new ToolRound.Decision(outcome, cmd.approved() ? Optional.empty() : cmd.reason(),
        scope.now(), approver == ToolApproval.AGENT ? cmd.agentId() : Optional.empty()),
        cmd.approved() ? cmd.answers() : Optional.empty())
        .thenReply(cmd.replyTo(), after -> StatusReply.success(Done.getInstance()));
  }

  /**
   * Why {@code cmd} cannot decide {@code approval}: answers to an approval with no form, or an approval of a form
   * whose answers do not fill it in (naming the field, never a value); empty when it can.
   */
  private static Optional<String> unfit(ToolRound.Approval approval, DecideApproval cmd) {
    if (approval.form().isEmpty()) {
      return cmd.answers().isPresent() ? Optional.of("approval " + cmd.approvalId() + " asks for no answers")
          : Optional.empty();
    }
    if (!cmd.approved()) return Optional.empty();
    return approval.form().get().problem(cmd.answers().orElse(null));
  }

  public ReplyEffect<SessionEvent, SessionState> onExpired(Open state, ApprovalExpired cmd) {
    return state.pendingApprovals().stream().filter(p -> p.approval().approvalId().equals(cmd.approvalId())).findFirst()
        .map(pending -> decide(state, pending, new ToolRound.Decision(ToolRound.Outcome.EXPIRED, Optional.empty(), scope.now()),
            Optional.empty()).thenNoReply())
        .orElseGet(effect::noReply);
  }

  private EffectBuilder<SessionEvent, SessionState> decide(Open state, PendingApproval pending,
      ToolRound.Decision decision, Optional<JsonNode> answers) {
    ToolRound.Approval approval = pending.approval();
    return effect
        .persist(new ApprovalDecided(pending.turnId(), approval.approvalId(), decision, answers))
        .thenRun(after -> {
          asks.disarm(approval.approvalId());
          agentQueue.approvalsSettled(List.of(pending));
          // A form's answers go to the followers: the agents following the conversation read what the customer filled
          // in, as they read the rest of it; the customer's own client and the transcript never get them.
          subscribers.publish(ApprovalAsks.update(state, pending.turnId(), approval, decision.outcome().wireName(),
              decision.reason(), answers));
          nextTurn.startIfDue(after);
        });
  }
}
