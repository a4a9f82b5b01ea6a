package io.parley.sessions.procedure;

import io.parley.core.compute.LogicBudget;
import io.parley.core.language.LanguagePack;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureDocument;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.procedure.ValueFormat;
import io.parley.core.session.ReplyOption;
import io.parley.sessions.turn.ToolRound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a running procedure does next, decided in code, and how its steps fold, without a session. */
class NextStepTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final List<Procedure> REFUND = read("""
      [{"name": "refund", "description": "Money back",
        "inputs": {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]},
        "steps": [
          {"tool": "order_status", "arguments": {"order": "{{inputs.order}}"}, "as": "status"},
          {"check": "status.delivered == true", "otherwise": [{"say": "{{inputs.order}} is on its way.",
            "options": [{"label": "Track {{inputs.order}}", "value": "Where is {{inputs.order}}?"}, {"label": "Thanks"}]},
            {"end": true}]},
          {"ask": "confirm", "prompt": "Refund {{status.total}}?", "schema": {"type": "string", "enum": ["yes", "no"]}},
          {"tool": "refund_order", "arguments": {"order": "{{inputs.order}}", "amount": "{{status.total}}"}, "as": "refund"},
          {"say": "Done: {{refund.amount}}."}]}]
      """);
  private static final Map<String, Procedure> NAMED = Map.of("refund", REFUND.getFirst());

  @Test
  void aToolStepIsCalledWithItsArgumentsFilledFromTheVariables() throws Exception {
    NextStep.CallTool call = assertInstanceOf(NextStep.CallTool.class, next(started(), Optional.empty()));
    assertEquals("order_status", call.tool());
    assertEquals(new ObjectMapper().readTree("{\"order\":\"A-1\"}"), call.arguments());
    assertEquals("refund.steps[0]", call.label());
  }

  @Test
  void anOrderNotDeliveredRunsTheOtherwiseStepsAndEndsBeforeTheRefund() {
    ProcedureNote looked = done(started(), "{\"delivered\":false,\"total\":30.5}", "status");
    NextStep.Checked checked = assertInstanceOf(NextStep.Checked.class, next(looked, Optional.of("refund it anyway")));
    assertEquals(false, checked.held());
    assertEquals("{\"status\":{\"delivered\":false,\"total\":30.5}}", checked.seen());
    ProcedureNote failed = looked.after(step("check"), run -> run.failed(NAMED));
    assertEquals(new NextStep.Say("refund.steps[1].otherwise[0]", "A-1 is on its way.",
        List.of(new ReplyOption("Track A-1", "Where is A-1?"), new ReplyOption("Thanks", "Thanks"))), next(failed, Optional.empty()));
    ProcedureNote said = failed.after(step("say"), run -> run.passed(NAMED));
    NextStep.Over over = assertInstanceOf(NextStep.Over.class, next(said, Optional.of("refund it!")));
    assertEquals(ProcedureRun.Status.COMPLETED, over.how());
    ProcedureNote ended = said.ended(over.label(), over.how(), over.reason(), NOW);
    assertTrue(!ended.run().running() && ended.outcome().orElseThrow().equals("completed"));
  }

  @Test
  void anAskTakesItsValueInCodeAsksAgainAtMostTwiceThenHandsOver() {
    ProcedureNote atAsk = done(started(), "{\"delivered\":true,\"total\":30.5}", "status")
        .after(step("check"), run -> run.passed(NAMED));
    assertEquals(new NextStep.Ask("refund.steps[2]", "Refund 30.5?", 1), next(atAsk, Optional.of("earlier message")));
    ProcedureNote asked = atAsk.after(step("ask"), ProcedureRun::askedOnce);
    assertEquals(new NextStep.Wait(), next(asked, Optional.empty()));
    assertEquals(new NextStep.Answered("refund.steps[2]", "confirm", "\"yes\""), next(asked, Optional.of("Yes please")));
    assertEquals(new NextStep.Ask("refund.steps[2]", "Refund 30.5?", 2), next(asked, Optional.of("yes or no, hmm")));
    ProcedureNote thrice = asked.after(step("ask"), ProcedureRun::askedOnce).after(step("ask"), ProcedureRun::askedOnce);
    NextStep.Over over = assertInstanceOf(NextStep.Over.class, next(thrice, Optional.of("what?")));
    assertEquals(ProcedureRun.Status.HANDED_OVER, over.how());
  }

  @Test
  void aStepWhoseDecidingFailedFailsACheckCouldNotBeEvaluatedAndAnyOtherStepHandsOver() {
    ProcedureNote looked = done(started(), "{\"delivered\":true}", "status");
    assertEquals(new NextStep.Checked("refund.steps[1]", false, "{\"status\":{\"delivered\":true}}",
        Optional.of("could not be evaluated: OutOfMemoryError")), NextStep.failed(looked, REFUND, "OutOfMemoryError"));
    NextStep.Over over = assertInstanceOf(NextStep.Over.class, NextStep.failed(started(), REFUND, "OutOfMemoryError"));
    assertEquals(ProcedureRun.Status.HANDED_OVER, over.how());
    assertEquals("the step could not be taken: OutOfMemoryError", over.reason());
  }

  @Test
  void theModelIsOfferedEachProcedureAndStartsOneOnlyWithValidInputs() {
    assertEquals(List.of("procedure_refund"), ProcedureStart.offered(List.of(), REFUND).stream().map(spec -> spec.name()).toList());
    assertEquals(Optional.empty(), ProcedureStart.of(List.of(new ToolRound.RequestedCall("c", "procedure_refund", "{}")), REFUND));
    assertEquals(Optional.empty(), ProcedureStart.of(List.of(new ToolRound.RequestedCall("c", "refund_order", "{}")), REFUND));
    assertEquals("{\"order\":\"A-1\"}", ProcedureStart.of(List.of(
        new ToolRound.RequestedCall("c", "procedure_refund", "{\"order\": \"A-1\"}")), REFUND).orElseThrow().inputs());
  }

  private static ProcedureNote started() {
    return ProcedureNote.started("run-1", "turn-1", REFUND.getFirst(), "{\"order\":\"A-1\"}", NOW);
  }

  private static ProcedureNote done(ProcedureNote note, String value, String variable) {
    return note.after(step("tool"), run -> run.set(variable, value, NAMED));
  }

  private static ProcedureNote.Step step(String kind) {
    return ProcedureNote.Step.of("x", kind, Optional.empty(), NOW);
  }

  private static NextStep next(ProcedureNote note, Optional<String> answer) {
    return NextStep.of(note, REFUND, answer, NOW, LogicBudget.DEFAULT, LanguagePack.english(), ValueFormat.AS_STORED);
  }

  private static List<Procedure> read(String json) {
    List<String> problems = new ArrayList<>();
    try {
      List<Procedure> read = ProcedureDocument.read(new ObjectMapper().readTree(json), Set.of("order_status", "refund_order"),
          problems);
      assertEquals(List.of(), problems);
      return read;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
