package io.parley.sessions.turn;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * One round of tool calls being run, with its approval round (docs/tools.md#approvals): the results
 * recorded so far, the calls still running, and the calls that wait for an approval, asked for now or
 * before and not decided yet (an approval asked before the call ran, or for a confirmation its server
 * asked for while it ran). The round is over once every call has its result recorded or waits for
 * its approval and every approval asked for is durable; then either the model reads the results, or,
 * with approvals outstanding, the turn waits for them.
 */
final class RunningRound {
  private final ToolRound round;
  private final Map<String, ToolRound.CompletedCall> results = new HashMap<>();
  private int running;
  private int awaitingApproval;
  private int approvalsUnrecorded;

  RunningRound(ToolRound round) {
    this.round = round;
    round.results().forEach(result -> results.put(result.id(), result));
  }

  /**
   * Starts the calls that have no result yet as {@code toolCalls} gates them: a call free to run runs
   * in a child of {@code ctx}, a refused or expired one is settled at once on {@code done}, and an
   * approval not asked for yet goes to {@code ask}, which makes it durable.
   */
  void start(TurnToolCalls toolCalls, ActorContext<?> ctx, ActorRef<ToolCallRunner.Outcome> done,
      Consumer<ToolRound.Approval> ask) {
    for (ToolRound.RequestedCall call : round.calls()) {
      if (results.containsKey(call.id())) continue;
      switch (toolCalls.gate(call, round)) {
        case TurnToolCalls.Gate.Run run -> {
          running++;
          toolCalls.start(ctx, call, round, done);
        }
        case TurnToolCalls.Gate.Settled settled -> {
          running++;
          done.tell(new ToolCallRunner.Outcome.Completed(settled.result()));
        }
        case TurnToolCalls.Gate.Ask asked -> {
          awaitingApproval++;
          approvalsUnrecorded++;
          ask.accept(asked.approval());
        }
        case TurnToolCalls.Gate.Wait wait -> awaitingApproval++;
      }
    }
  }

  /** A call's result came in; true when it was the last call running. */
  boolean callDone() {
    return --running == 0;
  }

  /**
   * Whether {@code outcome} is a confirmation the call's server asked for: then the call, which ran, waits for the
   * customer's approval, which goes to {@code ask}, as an approval asked before it ran does.
   */
  boolean confirmationNeeded(TurnToolCalls toolCalls, ToolCallRunner.Outcome outcome, Consumer<ToolRound.Approval> ask) {
    if (!(outcome instanceof ToolCallRunner.Outcome.ConfirmationNeeded needed)) return false;
    ToolRound.RequestedCall call = round.calls().stream().filter(asked -> asked.id().equals(needed.callId()))
        .findFirst().orElseThrow();
    awaitingApproval++;
    approvalsUnrecorded++;
    ask.accept(toolCalls.confirmation(call, needed.question(), needed.form()));
    return true;
  }

  void recorded(ToolRound.CompletedCall result) {
    results.put(result.id(), result);
  }

  void approvalRecorded() {
    approvalsUnrecorded--;
  }

  boolean over() {
    return results.size() + awaitingApproval == round.calls().size() && approvalsUnrecorded == 0;
  }

  boolean awaitsApprovals() {
    return awaitingApproval > 0;
  }

  /**
   * Adds the results to {@code conversation}, in the order the model asked for the calls, for it to
   * read as they are stored (keys pressed as how many); returns what it was given, for the task that does it on the pool.
   */
  ModelConversation addResultsTo(ModelConversation conversation) {
    round.calls().forEach(call -> conversation.addToolResult(call.id(), call.name(),
        PressKeysTool.kept(results.get(call.id())).content()));
    return conversation;
  }
}
