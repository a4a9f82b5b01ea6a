package io.parley.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.compute.TenantRegex;
import io.parley.core.session.AnswerSource;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpectationCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final EvaluationCase CASE = new EvaluationCase("c", new CustomerScript.Scripted(List.of("hi")),
      Optional.empty(), Optional.empty(), List.of("ada@example.com"), List.of(new Expectation.Handoff(false)));

  private final Observation seen = new Observation(
      List.of(new Observation.Answer("Returns are free within 30 Days.", AnswerSource.LLM),
          new Observation.Answer("Anything else?", AnswerSource.CACHE)),
      List.of(new Observation.ToolUse("kb_search", JSON.createObjectNode().put("query", "returns").put("limit", 3))),
      false, 420, List.of("My email is [EMAIL_1]", "Returns are free within 30 Days."));

  @Test
  void textIsFoundWhateverItsCaseAndPatternsAsWritten() {
    assertEquals(Verdict.PASS, verdict(new Expectation.Contains(TextMatch.text("30 days"))));
    assertEquals(Verdict.FAIL, verdict(new Expectation.Contains(TextMatch.pattern(TenantRegex.compile("30 days")))));
    assertEquals(Verdict.FAIL, verdict(new Expectation.NotContains(TextMatch.text("ANYTHING"))));
    assertEquals(Verdict.PASS, verdict(new Expectation.NotContains(TextMatch.pattern(TenantRegex.compile("refund")))));
  }

  @Test
  void aPatternThatBacktracksForEverInJavaIsCheckedInLinearTime() {
    Observation as = new Observation(List.of(new Observation.Answer("a".repeat(40), AnswerSource.LLM),
        new Observation.Answer("a".repeat(4_000), AnswerSource.LLM)), List.of(), false, 0, List.of());
    TextMatch nested = TextMatch.pattern(TenantRegex.compile("((a+)+)+c"));
    // A hang guard only: java.util.regex takes longer than the universe's age on forty a's.
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      assertEquals(Verdict.FAIL, ExpectationCheck.check(new Expectation.Contains(nested), CASE, as).verdict());
      assertEquals(Verdict.PASS, ExpectationCheck.check(new Expectation.NotContains(nested), CASE, as).verdict());
      Observation withC = new Observation(List.of(new Observation.Answer("a".repeat(40) + "c", AnswerSource.LLM)),
          List.of(), false, 0, List.of());
      assertEquals(Verdict.PASS, ExpectationCheck.check(new Expectation.Contains(nested), CASE, withC).verdict());
    });
  }

  @Test
  void aStoredPatternRe2DoesNotRunIsAnErrorOfItsExpectationNotAPassOrAFailure() {
    TextMatch behind = TextMatch.pattern(TenantRegex.saved("(?<!store )credit", "a test case's pattern"));
    ExpectationResult result = ExpectationCheck.check(new Expectation.NotContains(behind), CASE, seen);
    assertEquals(Verdict.ERROR, result.verdict());
    assertEquals("/(?<!store )credit/", result.expected());
    assertTrue(result.reason().startsWith("the pattern cannot be checked: invalid named capture")
        && result.reason().endsWith("; edit the case"), result.reason());
  }

  @Test
  void toolCallsMatchTheArgumentsGivenAmongTheirs() throws Exception {
    assertEquals(Verdict.PASS, verdict(new Expectation.ToolCalled("kb_search", Optional.of(JSON.readTree("{\"query\": \"returns\"}")))));
    assertEquals(Verdict.FAIL, verdict(new Expectation.ToolCalled("kb_search", Optional.of(JSON.readTree("{\"query\": \"lamps\"}")))));
    assertEquals(Verdict.PASS, verdict(new Expectation.ToolCalled("kb_search", Optional.of(JSON.readTree("{\"limit\": 3.0}")))));
    assertEquals(Verdict.FAIL, verdict(new Expectation.ToolCalled("create_ticket", Optional.empty())));
    assertEquals("called once", ExpectationCheck.check(new Expectation.ToolCalled("kb_search", Optional.empty()), CASE, seen).reason());
    Observation twice = new Observation(seen.answers(), List.of(seen.toolCalls().get(0), seen.toolCalls().get(0)), false, 0,
        List.of());
    assertEquals("called 2 times", ExpectationCheck.check(new Expectation.ToolCalled("kb_search", Optional.empty()), CASE, twice)
        .reason());
    assertEquals(Verdict.FAIL, verdict(new Expectation.NoToolCalled(Optional.empty())));
    assertEquals(Verdict.PASS, verdict(new Expectation.NoToolCalled(Optional.of("create_ticket"))));
  }

  @Test
  void theRestAgainstWhatTheRunSaw() {
    assertEquals(Verdict.PASS, verdict(new Expectation.Handoff(false)));
    assertEquals(Verdict.FAIL, verdict(new Expectation.Handoff(true)));
    assertEquals(Verdict.FAIL, verdict(new Expectation.FromSource(AnswerSource.LLM)), "one answer came from the cache");
    assertEquals(Verdict.PASS, verdict(new Expectation.MaxTokens(420)));
    assertEquals(Verdict.FAIL, verdict(new Expectation.MaxTokens(419)));
    assertEquals(Verdict.PASS, verdict(new Expectation.NoPersonalDataToModel()));
    Observation leaked = new Observation(seen.answers(), seen.toolCalls(), false, 0, List.of("My email is ada@example.com"));
    assertEquals(Verdict.FAIL, ExpectationCheck.check(new Expectation.NoPersonalDataToModel(), CASE, leaked).verdict());
  }

  @Test
  void aProcedureCompletedOrNotAndHowItsStepsWent() {
    Observation ran = new Observation(seen.answers(), seen.toolCalls(), false, 0, List.of(),
        List.of(new Observation.ProcedureRan("refund", true, List.of(new Observation.StepWent("refund.steps[0]", "done"),
            new Observation.StepWent("refund.steps[1]", "not held"),
            new Observation.StepWent("refund.steps[1].otherwise[0]", "done")))));
    assertEquals(Verdict.PASS, check(new Expectation.ProcedureCompleted("refund", true), ran));
    assertEquals(Verdict.FAIL, check(new Expectation.ProcedureCompleted("refund", false), ran));
    assertEquals(Verdict.FAIL, check(new Expectation.ProcedureCompleted("verify", true), ran));
    assertEquals(Verdict.PASS, check(new Expectation.ProcedureStepWent("refund", "steps[1]", "not held"), ran));
    assertEquals(Verdict.FAIL, check(new Expectation.ProcedureStepWent("refund", "steps[1]", "held"), ran));
    assertEquals("refund.steps[4] was not reached",
        ExpectationCheck.check(new Expectation.ProcedureStepWent("refund", "steps[4]", "done"), CASE, ran).reason());
  }

  private static Verdict check(Expectation expectation, Observation seen) {
    return ExpectationCheck.check(expectation, CASE, seen).verdict();
  }

  @Test
  void aCaseIsAnErrorBeforeItIsAFailure() {
    assertEquals(Verdict.ERROR, Verdict.of(List.of(Verdict.FAIL, Verdict.ERROR, Verdict.PASS)));
    assertEquals(Verdict.FAIL, Verdict.of(List.of(Verdict.PASS, Verdict.FAIL)));
    assertEquals(Verdict.PASS, Verdict.of(List.of(Verdict.PASS)));
  }

  private Verdict verdict(Expectation expectation) {
    return ExpectationCheck.check(expectation, CASE, seen).verdict();
  }
}
