package io.parley.sessions.entity;

import io.parley.sessions.entity.SessionEvent.ApprovalRequested;
import io.parley.sessions.turn.ToolRound;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a procedure's tool steps keep their approvals: in the session's tool rounds under the turn
 * {@code procedure-<run>}, beside the model's turns, so that the session lists, expires and decides
 * them as it does every approval. Pure: the session's state folds its events through these.
 */
public final class ProcedureApprovalRounds {
  /** The tool rounds and the conversation's notes once a step's approval was asked. */
  public record Asked(Map<String, List<ToolRound>> rounds, ConversationNotes notes) {}

  private ProcedureApprovalRounds() {}

  /** The turn under which the calls of run {@code runId} are made and their approvals kept. */
  public static String turnOf(String runId) {
    return "procedure-" + runId;
  }

  /** Whether the tool rounds of {@code turnId} hold the session up: an unanswered turn's, or the running procedure's. */
  public static boolean holdsUp(List<String> pendingTurns, ConversationNotes notes, String turnId) {
    return pendingTurns.contains(turnId)
        || notes.runningProcedure().filter(running -> turnOf(running.runId()).equals(turnId)).isPresent();
  }

  /**
   * For a procedure's step, {@code rounds} and {@code notes} ready to fold {@code asked}: a tool
   * round of the run's turn holding the step's call (once per step), noted with the conversation's
   * tool calls like a model's, so that its approval is kept and read as every approval is. Empty
   * for a model's call, and for a step whose round is there already.
   */
  public static Optional<Asked> withStep(Map<String, List<ToolRound>> rounds, ConversationNotes notes, ApprovalRequested asked) {
    if (asked.procedureRun().isEmpty()) return Optional.empty();
    ToolRound.Approval approval = asked.approval();
    List<ToolRound> turn = new ArrayList<>(rounds.getOrDefault(asked.turnId(), List.of()));
    if (turn.stream().anyMatch(round -> round.approvalOf(approval.callId()).isPresent())) return Optional.empty();
    ToolRound.RequestedCall call = new ToolRound.RequestedCall(approval.callId(), approval.tool(), approval.argumentsJson());
    turn.add(ToolRound.requested(List.of(call)));
    Map<String, List<ToolRound>> all = new HashMap<>(rounds);
    all.put(asked.turnId(), turn);
    return Optional.of(new Asked(all, notes.withToolCallsRequested(asked.turnId(), List.of(call), asked.at())));
  }
}
