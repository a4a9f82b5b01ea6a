package io.parley.sessions.turn;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.WireName;
import io.parley.core.bot.ToolApproval;
import io.parley.core.form.AskedForm;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One step of a turn in which the model asked for tools: the calls it requested (persisted
 * before any runs), the approvals asked for calls that need one (docs/tools.md#approvals), and the
 * results that came back (each persisted when it arrives). A turn that a crash interrupts resumes
 * from its rounds: finished calls are not run again, unfinished ones run again under the same
 * idempotency key, a call waiting for its approval keeps waiting, and the model is not asked a
 * second time for calls it already made.
 */
public record ToolRound(List<RequestedCall> calls, List<CompletedCall> results,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Approval> approvals) {
  /** A call as the model made it: its id, the tool's name and the raw JSON arguments. */
  public record RequestedCall(String id, String name, String argumentsJson) {}

  /** What a call returned: {@code content} goes back to the model, {@code summary} to people. */
  public record CompletedCall(String id, String name, boolean ok, String content, String summary) {}

  /**
   * The approval a call ({@code callId}) waits for, from its {@code approver}, asked with a plain
   * {@code summary} of what the call will do, until {@code expiresAt}; {@code decision} once given.
   * With a {@code form}, the call's server asked the customer to fill it in (docs/tools.md#forms): approving it is
   * filling it in, and the {@code answers} are the customer's values, which the call's next run gives its server
   * (personal data: never in the conversation's notes, transcript or export).
   */
  public record Approval(String approvalId, String callId, String tool, String argumentsJson, String summary,
      ToolApproval approver, Instant expiresAt, @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Decision> decision,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<AskedForm> form,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<JsonNode> answers) {
    public Approval {
      decision = decision == null ? Optional.empty() : decision;
      form = form == null ? Optional.empty() : form;
      answers = answers == null ? Optional.empty() : answers.filter(given -> !given.isNull());
    }

    /** An approval of the call itself, with no form. */
    public Approval(String approvalId, String callId, String tool, String argumentsJson, String summary,
        ToolApproval approver, Instant expiresAt, Optional<Decision> decision) {
      this(approvalId, callId, tool, argumentsJson, summary, approver, expiresAt, decision, Optional.empty(), Optional.empty());
    }

    public boolean pending() {
      return decision.isEmpty();
    }

    Approval decided(Decision given, Optional<JsonNode> values) {
      return new Approval(approvalId, callId, tool, argumentsJson, summary, approver, expiresAt, Optional.of(given), form,
          values);
    }
  }

  /**
   * How an approval ended: approved, refused (with the refuser's {@code reason}) or expired;
   * {@code by} is the agent who decided one an agent gave (absent for the customer's, an expiry,
   * and decisions recorded before it was kept).
   */
  public record Decision(Outcome outcome, @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> reason, Instant at,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<String> by) {
    public Decision {
      reason = reason == null ? Optional.empty() : reason;
      by = by == null ? Optional.empty() : by;
    }

    public Decision(Outcome outcome, Optional<String> reason, Instant at) {
      this(outcome, reason, at, Optional.empty());
    }
  }

  public enum Outcome implements WireName {
    APPROVED, REFUSED, EXPIRED
  }

  public ToolRound {
    calls = List.copyOf(calls);
    results = List.copyOf(results);
    // Rounds kept before approvals existed have none.
    approvals = approvals == null ? List.of() : List.copyOf(approvals);
  }

  /** A round whose calls need no approval. */
  public ToolRound(List<RequestedCall> calls, List<CompletedCall> results) {
    this(calls, results, List.of());
  }

  public static ToolRound requested(List<RequestedCall> calls) {
    return new ToolRound(calls, List.of(), List.of());
  }

  public ToolRound withResult(CompletedCall result) {
    if (results.stream().anyMatch(r -> r.id().equals(result.id()))) return this;
    List<CompletedCall> updated = new ArrayList<>(results);
    updated.add(result);
    return new ToolRound(calls, updated, approvals);
  }

  /** The round with {@code approval} asked for (once per call). */
  public ToolRound withApproval(Approval approval) {
    if (approvalOf(approval.callId()).isPresent()) return this;
    List<Approval> updated = new ArrayList<>(approvals);
    updated.add(approval);
    return new ToolRound(calls, results, updated);
  }

  /**
   * The round with the pending approval {@code approvalId} decided, with the customer's {@code answers} to its form;
   * unchanged when it is not pending here.
   */
  public ToolRound withDecision(String approvalId, Decision decision, Optional<JsonNode> answers) {
    List<Approval> updated = approvals.stream()
        .map(a -> a.approvalId().equals(approvalId) && a.pending() ? a.decided(decision, answers) : a).toList();
    return new ToolRound(calls, results, updated);
  }

  public Optional<Approval> approvalOf(String callId) {
    return approvals.stream().filter(a -> a.callId().equals(callId)).findFirst();
  }

  /** The approvals of the round nobody decided yet. */
  public List<Approval> pendingApprovals() {
    return approvals.stream().filter(Approval::pending).toList();
  }

  /** The ids of this round's approvals someone decided. */
  public Set<String> decidedApprovals() {
    return approvals.stream().filter(a -> !a.pending()).map(Approval::approvalId).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Whether a runner that started knowing the decisions {@code decidedAtStart} had nothing left to do
   * but wait for approvals: every call has its result, or an approval that was not decided when that
   * runner started. The session's own record orders them, not the clocks of the nodes that wrote
   * the decision and started the runner, which may differ once the session moved.
   */
  public boolean waitsForApprovalsBeyond(Set<String> decidedAtStart) {
    return !approvals.isEmpty() && calls.stream().allMatch(call -> resultOf(call.id()).isPresent()
        || approvalOf(call.id()).filter(a -> !decidedAtStart.contains(a.approvalId())).isPresent());
  }

  Optional<CompletedCall> resultOf(String callId) {
    return results.stream().filter(r -> r.id().equals(callId)).findFirst();
  }

  boolean complete() {
    return calls.stream().allMatch(c -> resultOf(c.id()).isPresent());
  }
}
