package io.parley.sessions.entity.procedure;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.procedure.ProcedureStep;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.Role;
import io.parley.sessions.procedure.ProcedureNote;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * A step decided off the session's thread is taken only while its run is where it was decided and
 * the customer's message it read is the one still waiting: an answer written while the step after an
 * ask was being decided (to wait, as nothing was written yet) has that step decided again, on it.
 */
class ProcedureDecisionsTest {
  private static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");
  private static final Procedure ORDER = new Procedure("order", "Looks up an order", null,
      List.of(new ProcedureStep.Ask("order", "Which order?", "{\"type\":\"string\"}"), new ProcedureStep.End()));
  private static final ProcedureNote ASKED = ProcedureNote.started("run-1", "turn-1", ORDER, "{}", AT)
      .after(ProcedureNote.Step.of("order.steps[0]", "ask", Optional.empty(), AT), ProcedureRun::askedOnce);
  private static final ChatMessage ANSWER = new ChatMessage(3, Role.USER, "A-1042", "turn-2", AT);

  @Test
  void aStepDecidedOnNoAnswerIsDecidedAgainOnceTheCustomerHasAnswered() {
    ProcedureDecisions.Deciding waiting = deciding(ASKED, OptionalLong.empty());

    assertTrue(waiting.isAt(ASKED, Optional.empty()), "nothing written since: the step stands");
    assertFalse(waiting.isAt(ASKED, Optional.of(ANSWER)), "an answer arrived while it was decided");
  }

  @Test
  void aStepDecidedOnAnAnswerStandsWhileThatAnswerWaitsAndNotOnceItIsAnswered() {
    ProcedureDecisions.Deciding taking = deciding(ASKED, OptionalLong.of(ANSWER.seq()));

    assertTrue(taking.isAt(ASKED, Optional.of(ANSWER)));
    assertFalse(taking.isAt(ASKED, Optional.empty()), "the answer was answered meanwhile");
  }

  @Test
  void aStepDecidedForAnAskTheRunHasLeftIsDecidedAgain() {
    ProcedureDecisions.Deciding first = deciding(ProcedureNote.started("run-1", "turn-1", ORDER, "{}", AT),
        OptionalLong.empty());

    assertFalse(first.isAt(ASKED, Optional.empty()), "the run has asked since");
    assertFalse(deciding(ASKED, OptionalLong.empty()).isAt(
        ProcedureNote.started("run-2", "turn-1", ORDER, "{}", AT), Optional.empty()), "another run");
  }

  private static ProcedureDecisions.Deciding deciding(ProcedureNote note, OptionalLong answer) {
    return new ProcedureDecisions.Deciding(1, note.runId(), note.label(), note.run().asked(), answer);
  }
}
