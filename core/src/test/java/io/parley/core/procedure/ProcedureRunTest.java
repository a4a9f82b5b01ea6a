package io.parley.core.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ProcedureRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

  private static Map<String, Procedure> procedures(String document) throws Exception {
    List<String> problems = new ArrayList<>();
    List<Procedure> read = ProcedureDocumentTest.read(document, problems);
    assertEquals(List.of(), problems);
    return read.stream().collect(Collectors.toMap(Procedure::name, Function.identity()));
  }

  /** Runs the step the run is at as a session would, the tool returning {@code status} (the order's). */
  private static ProcedureRun step(ProcedureRun run, Map<String, Procedure> procedures, String status) {
    return switch (run.step(procedures).orElseThrow()) {
      case ProcedureStep.Tool tool -> run.set(tool.as(), tool.tool().equals("order_status") ? status : "{\"amount\": 30}", procedures);
      case ProcedureStep.Check check ->
          ProcedureCheck.evaluate(check.expression(), run.values(), NOW).passed() ? run.passed(procedures) : run.failed(procedures);
      case ProcedureStep.Ask ask -> run.askedOnce().set(ask.variable(), "\"damaged\"", procedures);
      case ProcedureStep.Say say -> run.passed(procedures);
      case ProcedureStep.Handoff handoff -> run.over(ProcedureRun.Status.HANDED_OVER);
      case ProcedureStep.End end -> run.over(ProcedureRun.Status.COMPLETED);
      case ProcedureStep.Call call -> run.called(call.name(), procedures);
    };
  }

  private static List<String> labels(ProcedureRun run, Map<String, Procedure> procedures, String status) {
    List<String> labels = new ArrayList<>();
    while (run.running()) {
      labels.add(run.position().label());
      run = step(run, procedures, status);
    }
    labels.add(run.status().name());
    return labels;
  }

  private static ProcedureRun started(Map<String, Procedure> procedures, String name) throws Exception {
    return ProcedureRun.start(procedures.get(name), JSON.readTree("{\"order\": \"A-1\"}"));
  }

  @Test
  void anOrderNotDeliveredEndsAtTheChecksOtherwiseBeforeTheRefund() throws Exception {
    var procedures = procedures(ProcedureDocumentTest.REFUND);
    assertEquals(List.of("refund.steps[0]", "refund.steps[1]", "refund.steps[1].otherwise[0]",
        "refund.steps[1].otherwise[1]", "COMPLETED"),
        labels(started(procedures, "refund"), procedures, "{\"delivered\": false, \"total\": 30}"));
  }

  @Test
  void eachCheckIsNamedByTheLabelARunGivesItsStepNestedOnesToo() throws Exception {
    var procedures = procedures("""
        [{"name": "refund", "description": "Money back", "steps": [
          {"check": "1 == 1", "otherwise": [{"check": "2 == 2", "otherwise": [{"end": true}]}, {"end": true}]},
          {"check": "3 == 3", "otherwise": [{"end": true}]}]}]
        """);
    assertEquals(Map.of("refund.steps[0]", "1 == 1", "refund.steps[0].otherwise[0]", "2 == 2", "refund.steps[1]", "3 == 3"),
        ProcedureRun.checksOf(procedures.get("refund")));
    var refund = procedures(ProcedureDocumentTest.REFUND);
    ProcedureRun run = started(refund, "refund");
    while (run.running()) {
      if (run.step(refund).orElseThrow() instanceof ProcedureStep.Check check) {
        assertEquals(check.expression(), ProcedureRun.checksOf(refund.get("refund")).get(run.position().label()));
      }
      run = step(run, refund, "{\"delivered\": true, \"total\": 30}");
    }
  }

  @Test
  void aDeliveredOrderReachesTheRefundOnce() throws Exception {
    var procedures = procedures(ProcedureDocumentTest.REFUND);
    assertEquals(List.of("refund.steps[0]", "refund.steps[1]", "refund.steps[2]", "refund.steps[3]",
        "refund.steps[4]", "refund.steps[5]", "COMPLETED"),
        labels(started(procedures, "refund"), procedures, "{\"delivered\": true, \"total\": 30}"));
  }

  @Test
  void aRefundOverTheLimitIsHandedOver() throws Exception {
    var procedures = procedures(ProcedureDocumentTest.REFUND);
    assertEquals(List.of("refund.steps[0]", "refund.steps[1]", "refund.steps[2]", "refund.steps[3]",
        "refund.steps[3].otherwise[0]", "HANDED_OVER"),
        labels(started(procedures, "refund"), procedures, "{\"delivered\": true, \"total\": 900}"));
  }

  @Test
  void aSubProcedureSharesTheVariablesAndReturnsToItsCaller() throws Exception {
    var procedures = procedures("""
        [{"name": "refund", "description": "d", "steps": [{"procedure": "look_up"}, {"say": "{{status.total}}"}]},
         {"name": "look_up", "description": "d", "steps": [
           {"tool": "order_status", "arguments": {"order": "{{inputs.order}}"}, "as": "status"},
           {"check": "status.delivered"}]}]
        """);
    assertEquals(List.of("refund.steps[0]", "look_up.steps[0]", "look_up.steps[1]", "refund.steps[1]", "COMPLETED"),
        labels(started(procedures, "refund"), procedures, "{\"delivered\": true, \"total\": 30}"));
    // A check without otherwise that fails ends the sub-procedure only; its caller goes on.
    assertEquals(List.of("refund.steps[0]", "look_up.steps[0]", "look_up.steps[1]", "refund.steps[1]", "COMPLETED"),
        labels(started(procedures, "refund"), procedures, "{\"delivered\": false, \"total\": 30}"));
  }

  @Test
  void anAskAsksThreeTimesAtMost() throws Exception {
    var procedures = procedures(ProcedureDocumentTest.REFUND);
    ProcedureRun run = started(procedures, "refund").set("status", "{\"delivered\": true}", procedures).passed(procedures);
    assertTrue(run.step(procedures).orElseThrow() instanceof ProcedureStep.Ask);
    run = run.askedOnce();
    assertTrue(run.mayAskAgain());
    run = run.askedOnce().askedOnce();
    assertFalse(run.mayAskAgain());
    assertEquals("{\"delivered\": true}", run.variables().get("status"));
    assertEquals("refund.steps[2]", run.position().label());
  }
}
