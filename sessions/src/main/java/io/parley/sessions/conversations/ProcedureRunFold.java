package io.parley.sessions.conversations;

import io.parley.persistence.conversations.ProcedureRuns;
import io.parley.sessions.entity.SessionEvent;
import java.util.Optional;

/**
 * What a session event changes of its conversation's procedure runs (docs/analytics.md#procedures).
 * Pure: a run's step is that of its last event, so a run waiting for the customer is at its ask,
 * and a conversation that closes, asked to or idle, leaves a run waiting there abandoned. A run
 * completed by its last step records no {@code ProcedureEnded} (the session knows it from the
 * procedure's steps, which the projection does not have): it counts as running until its
 * conversation closes, then as completed.
 */
final class ProcedureRunFold {
  private ProcedureRunFold() {}

  static Optional<ProcedureRuns.Change> of(SessionEvent event) {
    return Optional.ofNullable(switch (event) {
      case SessionEvent.ProcedureStarted started ->
          new ProcedureRuns.Started(started.runId(), started.procedure(), started.at());
      case SessionEvent.ProcedureStepDone done -> new ProcedureRuns.AtStep(done.runId(), done.step(), false);
      case SessionEvent.ProcedureChecked checked -> new ProcedureRuns.AtStep(checked.runId(), checked.step(), false);
      case SessionEvent.ProcedureAsked asked -> new ProcedureRuns.AtStep(asked.runId(), asked.step(), true);
      case SessionEvent.ProcedureEnded ended ->
          new ProcedureRuns.Ended(ended.runId(), ended.step(), ended.status(), ended.at());
      case SessionEvent.SessionClosed closed -> new ProcedureRuns.Left(closed.at());
      default -> null;
    });
  }
}
