package io.parley.http.rest.conversation;

import io.parley.sessions.entity.ToolCallNote;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A tool call of a conversation as its staff read it (the conversation's view and its export,
 * docs/analytics.md#export): the tool, its outcome, how long it took from the model's request to
 * its result (an approval's wait included), its arguments and result in words, and the approval it
 * waited for. Never shown to the customer.
 */
public record ToolCallJson(String turnId, String callId, String tool, String outcome, Instant requestedAt,
    Optional<Instant> completedAt, Optional<Long> durationMs, String arguments, Optional<String> result,
    Optional<ApprovalJson> approval) {

  /**
   * Who was asked ({@code customer} or {@code agent}), when, with which words; the {@code decision}
   * ({@code approved}, {@code refused}, {@code expired}, or {@code pending}), who gave it (the agent,
   * for an agent's), the refuser's reason and when it was decided.
   */
  public record ApprovalJson(String approver, String summary, Instant askedAt, String decision,
      Optional<String> decidedBy, Optional<String> reason, Optional<Instant> decidedAt) {
    static ApprovalJson of(ToolCallNote.ApprovalNote approval) {
      return new ApprovalJson(approval.approver().wireName(), approval.summary(), approval.askedAt(),
          approval.decisionName(), approval.decidedBy(), approval.refusalReason(), approval.decidedAt());
    }

    /** One line for a spreadsheet cell: "refund_order: refused by agent sam (not this one) at 2026-…". */
    String line(String tool) {
      String who = decidedBy.map(agent -> " by agent " + agent)
          .orElse(decision.equals("approved") || decision.equals("refused") ? " by the " + approver : "");
      return tool + ": " + decision + who + reason.map(r -> " (" + r + ")").orElse("")
          + decidedAt.map(at -> " at " + at).orElse(", asked of the " + approver + " at " + askedAt);
    }
  }

  public static ToolCallJson of(ToolCallNote call) {
    return new ToolCallJson(call.turnId(), call.callId(), call.tool(), call.outcome(), call.requestedAt(),
        call.result().map(ToolCallNote.Result::at), call.duration().map(Duration::toMillis), call.argumentsJson(),
        call.result().map(ToolCallNote.Result::summary), call.approval().map(ApprovalJson::of));
  }

  /** One line for a spreadsheet cell: "order_status succeeded in 120 ms: {"order":"A-1"} → Order A-1 shipped". */
  String line() {
    return tool + " " + outcome + durationMs.map(ms -> " in " + ms + " ms").orElse("") + ": " + arguments
        + result.map(r -> " → " + r).orElse("");
  }
}
