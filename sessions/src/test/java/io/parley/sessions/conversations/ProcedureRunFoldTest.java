package io.parley.sessions.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.procedure.ProcedureRun;
import io.parley.persistence.conversations.ProcedureFigures;
import io.parley.persistence.conversations.ProcedureRuns;
import io.parley.sessions.entity.SessionEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A run's procedure events become the changes of its row, the step of its last event kept, and a
 * close abandons what still runs; the runs' outcomes add up to each procedure's figures, with the
 * runs that stopped short counted at their steps.
 */
class ProcedureRunFoldTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void eachProcedureEventMovesItsRunAndACloseAbandonsTheRunsStillWaiting() {
    assertEquals(Optional.of(new ProcedureRuns.Started("r1", "refund", T0)),
        ProcedureRunFold.of(new SessionEvent.ProcedureStarted("r1", "refund", "{\"order\":\"A-1\"}", "turn-1", T0)));
    assertEquals(Optional.of(new ProcedureRuns.AtStep("r1", "refund.steps[0]", false)),
        ProcedureRunFold.of(new SessionEvent.ProcedureStepDone("r1", "refund.steps[0]", Optional.of("{}"), T0)));
    assertEquals(Optional.of(new ProcedureRuns.AtStep("r1", "refund.steps[1]", false)),
        ProcedureRunFold.of(new SessionEvent.ProcedureChecked("r1", "refund.steps[1]", true, "{}", Optional.empty(), T0)));
    assertEquals(Optional.of(new ProcedureRuns.AtStep("r1", "refund.steps[2]", true)),
        ProcedureRunFold.of(new SessionEvent.ProcedureAsked("r1", "refund.steps[2]", 2, Optional.empty(), T0)));
    assertEquals(Optional.of(new ProcedureRuns.Ended("r1", "refund.steps[2]", ProcedureRun.Status.HANDED_OVER, T0)),
        ProcedureRunFold.of(new SessionEvent.ProcedureEnded("r1", "refund.steps[2]", ProcedureRun.Status.HANDED_OVER,
            "no valid answer after 3 asks", T0)));
    assertEquals(Optional.of(new ProcedureRuns.Left(T0)), ProcedureRunFold.of(new SessionEvent.SessionClosed("idle", T0)));
    assertEquals(Optional.empty(), ProcedureRunFold.of(new SessionEvent.Rated(5, Optional.empty(), T0)));
  }

  @Test
  void outcomesAddUpPerProcedureAndShortRunsCountAtTheirSteps() {
    ProcedureFigures.Tally tally = new ProcedureFigures.Tally();
    tally.add("refund", ProcedureRun.Status.COMPLETED, "refund.steps[5]", 1);
    tally.add("refund", ProcedureRun.Status.COMPLETED, "refund.steps[1].otherwise[1]", 1);
    tally.add("refund", ProcedureRun.Status.HANDED_OVER, "refund.steps[2]", 1);
    tally.add("refund", ProcedureRun.Status.ABANDONED, "refund.steps[2]", 2);
    tally.add("refund", ProcedureRun.Status.ABANDONED, "refund.steps[0]", 1);
    tally.add("address", ProcedureRun.Status.RUNNING, "address.steps[1]", 1);
    assertEquals(List.of(
        new ProcedureFigures("address", 1, 0, 0, 0, 1, List.of()),
        new ProcedureFigures("refund", 6, 2, 1, 3, 0, List.of(new ProcedureFigures.DropOut("refund.steps[0]", 1, 0),
            new ProcedureFigures.DropOut("refund.steps[2]", 2, 1)))), tally.figures());
  }
}
