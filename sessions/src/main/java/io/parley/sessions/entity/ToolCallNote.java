package io.parley.sessions.entity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.core.bot.ToolApproval;
import io.parley.core.privacy.Placeholders;
import io.parley.sessions.turn.PressKeysTool;
import io.parley.sessions.turn.ToolRound;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One tool call of the conversation as the support team reads it afterwards: what the model asked
 * for ({@code tool}, {@code argumentsJson}) in which turn and when, the approval it waited for, and
 * how it ended. The turn's own tool rounds go once the turn is answered; this stays with the
 * conversation (its notes, its archive, its export).
 */
public record ToolCallNote(String turnId, String callId, String tool, String argumentsJson, Instant requestedAt,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Result> result,
    @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<ApprovalNote> approval) {

  /** What the call returned, in the words shown to people ({@code summary}), and when. */
  public record Result(boolean ok, String summary, Instant at) {}

  /**
   * The approval the call waited for: whose it was ({@code approver}), what they were asked
   * ({@code summary}), when, and the decision once given.
   */
  public record ApprovalNote(ToolApproval approver, String summary, Instant askedAt,
      @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<ToolRound.Decision> decision) {
    public ApprovalNote {
      decision = decision == null ? Optional.empty() : decision;
    }

    /** The decision's wire name ({@code approved}, {@code refused}, {@code expired}), or {@code pending}. */
    public String decisionName() {
      return decision.map(d -> d.outcome().wireName()).orElse("pending");
    }

    /** The agent who decided an agent's approval. */
    public Optional<String> decidedBy() {
      return decision.flatMap(ToolRound.Decision::by);
    }

    /** The refuser's reason. */
    public Optional<String> refusalReason() {
      return decision.flatMap(ToolRound.Decision::reason);
    }

    public Optional<Instant> decidedAt() {
      return decision.map(ToolRound.Decision::at);
    }
  }

  public ToolCallNote {
    result = result == null ? Optional.empty() : result;
    approval = approval == null ? Optional.empty() : approval;
  }

  /** The call as people read it: the keys {@code press_keys} pressed are personal data, shown as a placeholder. */
  static ToolCallNote requested(String turnId, ToolRound.RequestedCall call, Instant at) {
    return new ToolCallNote(turnId, call.id(), call.name(), PressKeysTool.shownArguments(call.name(), call.argumentsJson()),
        at, Optional.empty(), Optional.empty());
  }

  /** Whether this is the call {@code callId} of {@code turnId}. */
  boolean is(String turn, String call) {
    return turnId.equals(turn) && callId.equals(call);
  }

  ToolCallNote completed(ToolRound.CompletedCall completed, Instant at) {
    return new ToolCallNote(turnId, callId, tool, argumentsJson, requestedAt,
        Optional.of(new Result(completed.ok(), completed.summary(), at)), approval);
  }

  ToolCallNote asked(ToolRound.Approval asked, Instant at) {
    return new ToolCallNote(turnId, callId, tool, argumentsJson, requestedAt, result,
        Optional.of(new ApprovalNote(asked.approver(), asked.summary(), at, Optional.empty())));
  }

  ToolCallNote decided(ToolRound.Decision decision) {
    return new ToolCallNote(turnId, callId, tool, argumentsJson, requestedAt, result,
        approval.map(a -> new ApprovalNote(a.approver(), a.summary(), a.askedAt(), Optional.of(decision))));
  }

  /**
   * How the call ended: {@code succeeded}, {@code failed}, {@code refused} or {@code expired} (its
   * approval was not given), or, not ended yet, {@code awaiting_approval} or {@code unfinished}.
   */
  public String outcome() {
    Optional<ToolRound.Outcome> decided = approval.flatMap(ApprovalNote::decision).map(ToolRound.Decision::outcome)
        .filter(o -> o != ToolRound.Outcome.APPROVED);
    if (result.isPresent()) {
      if (result.get().ok()) return "succeeded";
      return decided.map(ToolRound.Outcome::wireName).orElse("failed");
    }
    return approval.filter(a -> a.decision().isEmpty()).isPresent() ? "awaiting_approval" : "unfinished";
  }

  /** From the model's request to the result, approval wait included; absent while the call has not ended. */
  public Optional<Duration> duration() {
    return result.map(r -> Duration.between(requestedAt, r.at()));
  }

  /**
   * This note as it leaves the process for good (archive, export): its arguments, result and the
   * approval's summary and reason redacted by {@code placeholders}, the conversation's numbering.
   */
  public ToolCallNote redacted(Placeholders placeholders) {
    return new ToolCallNote(turnId, callId, tool, placeholders.redact(argumentsJson), requestedAt,
        result.map(r -> new Result(r.ok(), placeholders.redact(r.summary()), r.at())),
        approval.map(a -> new ApprovalNote(a.approver(), placeholders.redact(a.summary()), a.askedAt(),
            a.decision().map(d -> new ToolRound.Decision(d.outcome(), d.reason().map(placeholders::redact), d.at(), d.by())))));
  }
}
