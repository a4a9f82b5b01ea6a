package io.parley.sessions.conversations;

import io.parley.persistence.conversations.ProcedureRuns;
import io.parley.sessions.entity.SessionEvent;
import java.util.Optional;

/**
 * What a session event changes of its conversation's procedure runs (docs/analytics.md#procedures).
 * Pure: a run's step is that of its last event, so a run waiting for the customer is at its ask,
 * and its outcome is its {@code ProcedureEnded}: written with the last step that completed it,
 * with an {@code end} or a hand-over, or, for a run still under way when its conversation closes,
 * as abandoned in the close's batch. Only journals from before a last step wrote its end lack
 * one; for those the close is the fallback ({@link ProcedureRuns.Left}): a run then still waiting
 * at an ask is abandoned, any other completed (the projection does not have the procedure's steps
 * to tell more).
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
