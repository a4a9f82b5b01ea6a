package io.parley.sessions.handoff;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tool calls of a tenant's sessions that wait for an agent's approval, as the agents' consoles
 * list them, oldest first. In memory only, like what the consoles show of a waiting customer: a
 * summary is in the customer's words. Each session says again now and then which of its approvals
 * wait, so a queue that restarted hears of them again; one past its expiry is dropped even if its
 * session never said so (it closed on a node that died).
 */
final class WaitingApprovals {
  private final Map<String, AgentApproval> byId = new LinkedHashMap<>();

  /** Adds the approval, or refreshes it keeping when it was first heard of; whether anything shown changed. */
  boolean waits(AgentApproval approval) {
    AgentApproval known = byId.get(approval.approvalId());
    AgentApproval kept = known == null || !known.sessionId().equals(approval.sessionId()) ? approval
        : new AgentApproval(approval.sessionId(), approval.approvalId(), approval.tool(), approval.summary(),
            known.since(), approval.expiresAt());
    return !kept.equals(byId.put(approval.approvalId(), kept));
  }

  /** Removes the session's approval; whether it was listed. */
  boolean settled(String sessionId, String approvalId) {
    AgentApproval known = byId.get(approvalId);
    if (known == null || !known.sessionId().equals(sessionId)) return false;
    byId.remove(approvalId);
    return true;
  }

  /** The approvals still waiting at {@code now}, oldest first. */
  List<AgentApproval> open(Instant now) {
    byId.values().removeIf(approval -> !approval.expiresAt().isAfter(now));
    return byId.values().stream().sorted(Comparator.comparing(AgentApproval::since)).toList();
  }
}
