package io.parley.http.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.bot.JsonText;
import io.parley.core.bot.ToolApproval;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.SessionCommand;
import io.parley.sessions.handoff.AgentApproval;
import io.parley.sessions.handoff.AgentQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.pattern.StatusReply;

/**
 * What one agent's console says and hears about tool calls waiting for an approval
 * (docs/tools.md#approvals): the tenant's list of those waiting for an agent, sent with the queue
 * whenever it changes, so that any agent online can open one and decide it; a followed
 * conversation's approvals as they are asked and decided (a form's question and fields, and what the customer filled
 * in); and the agent's decision, given as an agent of the console's own tenant.
 */
final class AgentApprovals {
  private final String agentId;
  // The list the console was last sent: the queue's snapshots change more often than the approvals do.
  private List<AgentApproval> shown;

  AgentApprovals(String agentId) {
    this.agentId = agentId;
  }

  /** The queue as the snapshot has it, then the approvals waiting for an agent when they changed. */
  List<AgentServerFrame> framesOf(AgentQueue.Snapshot snapshot, Instant now) {
    List<AgentServerFrame> frames = new ArrayList<>();
    frames.add(new AgentServerFrame.Queue(snapshot.waiting().stream().map(w -> new AgentServerFrame.Waiting(w.sessionId(),
        w.channel(), w.userId().orElse(null), w.trigger(), w.since(), Duration.between(w.since(), now).toMillis(),
        w.lastCustomerMessage(), w.language().orElse(null))).toList(), snapshot.agentsOnline()));
    if (!snapshot.approvals().equals(shown)) {
      shown = snapshot.approvals();
      frames.add(new AgentServerFrame.Approvals(shown.stream().map(a -> new AgentServerFrame.WaitingApproval(a.sessionId(),
          a.approvalId(), a.tool(), a.summary(), a.since(), Duration.between(a.since(), now).toMillis(), a.expiresAt()))
          .toList()));
    }
    return frames;
  }

  /** A followed conversation's approval, asked or decided; with a form, its fields and the customer's answers. */
  static AgentServerFrame changed(String sessionId, SessionUpdate.ApprovalChanged approval, JsonNode form,
      JsonNode answers) {
    return new AgentServerFrame.Approval(sessionId, approval.approvalId(), approval.tool(), approval.summary(),
        JsonText.tree(approval.argumentsJson()), approval.approver().wireName(), approval.status(),
        approval.expiresAt(), approval.reason().orElse(null), form, answers);
  }

  /** The agent's decision, as the session takes it: given by this agent, for an approval that is an agent's to give. */
  Function<ActorRef<StatusReply<Done>>, SessionCommand> decision(AgentFrame.Approve approve) {
    return replyTo -> new SessionCommand.DecideApproval(approve.approvalId(), approve.approved(), approve.reason(),
        ToolApproval.AGENT, Optional.of(agentId), replyTo);
  }

  /** What the console is told once the decision is durable (every follower hears it from the session too). */
  static AgentServerFrame decided(String sessionId, AgentFrame.Approve approve) {
    return new AgentServerFrame.Approval(sessionId, approve.approvalId(), null, null, null, null,
        approve.approved() ? "approved" : "refused", null, approve.reason().orElse(null), null, null);
  }
}
