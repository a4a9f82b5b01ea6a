package io.parley.sessions.entity.procedure;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.ToolApproval;
import io.parley.sessions.entity.ProcedureApprovalRounds;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.ApprovalRequested;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.approval.ApprovalAsks;
import io.parley.sessions.procedure.NextStep;
import io.parley.sessions.turn.ToolRound;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * The approval a procedure's tool step waits for when its tool needs one (docs/procedures.md,
 * docs/tools.md#approvals), asked and decided as a model's call's is: {@code ApprovalRequested}
 * (naming the run) before anyone is asked, the same updates to the customer or the agents, the
 * same expiry, {@code ApprovalDecided}. The approval is kept in the session's tool rounds under
 * {@code procedure-<run>}, the turn of the run's calls, so the session lists it, arms its expiry
 * again after a recovery and finds it by its id like any other while the run is under way. Only
 * an approved step's tool is called; a refused or expired one is never called, and the run hands
 * the conversation over.
 */
public record ProcedureApprovals(SessionEffects effect, SessionScope scope, ProcedureTools tools, ApprovalAsks asks) {

  /**
   * What the tool step {@code call} of {@code runId} waits for: asks for its approval (when its tool
   * needs one not asked yet), waits for the decision, or, refused or expired, has its result say
   * so. Empty when the tool may be called now: it needs no approval, or it was approved.
   */
  Optional<ReplyEffect<SessionEvent, SessionState>> gate(Open state, String runId, NextStep.CallTool call,
      BotConfig config) {
    String turnId = ProcedureApprovalRounds.turnOf(runId);
    Optional<ToolRound.Approval> asked = state.toolRoundsOf(turnId).stream()
        .flatMap(round -> round.approvalOf(call.label()).stream()).reduce((earlier, later) -> later);
    if (asked.isEmpty()) {
      return tools.approvalFor(scope.id(), call, config, scope.now()).map(approval ->
          asks.ask(state, new ApprovalRequested(turnId, approval, scope.now(), Optional.of(runId))).thenNoReply());
    }
    Optional<ToolRound.Decision> decision = asked.get().decision();
    if (decision.isEmpty()) return Optional.of(effect.noReply());
    if (decision.get().outcome() == ToolRound.Outcome.APPROVED) return Optional.empty();
    tools.notApproved(runId, call, why(asked.get(), decision.get()));
    return Optional.of(effect.noReply());
  }

  /** Why the step's tool was not called, the reason the run hands over with. */
  static String why(ToolRound.Approval approval, ToolRound.Decision decision) {
    String who = approval.approver() == ToolApproval.CUSTOMER ? "the customer" : "the support team";
    return approval.tool() + " was not approved: " + (decision.outcome() == ToolRound.Outcome.EXPIRED
        ? "nobody approved it in time (" + who + " was asked)"
        : who + " refused it" + decision.reason().map(reason -> " (" + reason + ")").orElse(""));
  }

  /**
   * What the conversation keeps of a step's call that waited for an approval, as of a model's
   * ({@code ToolCallCompleted}): how it ended, or why it was not called. Nothing for a step whose
   * tool needs no approval: the run's own events tell of it.
   */
  static List<SessionEvent> completed(Open state, String runId, ToolRound.CompletedCall result, Instant at) {
    String turnId = ProcedureApprovalRounds.turnOf(runId);
    boolean asked = state.toolRoundsOf(turnId).stream().anyMatch(round -> round.approvalOf(result.id()).isPresent());
    return asked ? List.of(new SessionEvent.ToolCallCompleted(turnId, result, at)) : List.of();
  }
}
