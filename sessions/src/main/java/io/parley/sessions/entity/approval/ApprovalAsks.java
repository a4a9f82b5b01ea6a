package io.parley.sessions.entity.approval;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.InternalCommand.ApprovalExpired;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.ApprovalRequested;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.handoff.AgentQueueLink;
import io.parley.sessions.entity.phase.ConversationWords;
import io.parley.sessions.turn.ToolRound;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;

/**
 * How an approval is asked for, a turn's call's or a procedure step's alike (docs/tools.md#approvals):
 * made durable first, then its expiry set and whoever approves told. The expiry is a timer of the
 * incarnation, set again from the journal when the session recovers.
 */
public record ApprovalAsks(SessionEffects effect, SessionScope scope, TimerScheduler<SessionInput> timers,
    Subscribers subscribers, AgentQueueLink agentQueue) {

  /** Persists {@code asked}, then arms its expiry and tells the followers and the agents. */
  public EffectBuilder<SessionEvent, SessionState> ask(Open state, ApprovalRequested asked) {
    ToolRound.Approval approval = asked.approval();
    return effect.persist(asked).thenRun(after -> {
      arm(approval);
      subscribers.publish(update(state, asked.turnId(), approval, SessionUpdate.ApprovalChanged.PENDING, Optional.empty()));
      agentQueue.approvalsWaiting(((Open) after).pendingApprovals());
    });
  }

  /** The session recovered open: each approval it waits for expires at its time still, and agents list theirs again. */
  public void recovered(Open open) {
    open.pendingApprovals().forEach(pending -> arm(pending.approval()));
    agentQueue.approvalsWaiting(open.pendingApprovals());
  }

  /** Sets the expiry of {@code approval}: at its time, or at once when that has passed. */
  public void arm(ToolRound.Approval approval) {
    Duration left = Duration.between(scope.now(), approval.expiresAt());
    timers.startSingleTimer(timerKey(approval.approvalId()), new ApprovalExpired(approval.approvalId()),
        left.isNegative() ? Duration.ZERO : left);
  }

  /** The approval was decided: its expiry is void. */
  public void disarm(String approvalId) {
    timers.cancel(timerKey(approvalId));
  }

  private static String timerKey(String approvalId) {
    return "approval-" + approvalId;
  }

  /** The approvals the session waits for, as one who just joined hears of them. */
  public static List<SessionUpdate> asked(Open open) {
    return open.pendingApprovals().stream().<SessionUpdate>map(pending ->
        update(open, pending.turnId(), pending.approval(), SessionUpdate.ApprovalChanged.PENDING, Optional.empty())).toList();
  }

  /** What the followers hear of {@code approval} as it stands now. */
  public static SessionUpdate update(Open state, String turnId, ToolRound.Approval approval, String status,
      Optional<String> reason) {
    return update(state, turnId, approval, status, reason, Optional.empty());
  }

  /**
   * What the followers hear of {@code approval} decided, with the customer's {@code answers} to its form: an approval
   * with a form is a {@link SessionUpdate.FormApprovalChanged}.
   */
  public static SessionUpdate update(Open state, String turnId, ToolRound.Approval approval, String status,
      Optional<String> reason, Optional<JsonNode> answers) {
    SessionUpdate.ApprovalChanged changed = new SessionUpdate.ApprovalChanged(approval.approvalId(), turnId,
        approval.tool(), approval.summary(), approval.argumentsJson(), approval.approver(), approval.expiresAt(), status,
        reason, ConversationWords.of(state).language());
    return approval.form().<SessionUpdate>map(form -> new SessionUpdate.FormApprovalChanged(changed, form,
        answers.map(JsonNode::toString))).orElse(changed);
  }
}
