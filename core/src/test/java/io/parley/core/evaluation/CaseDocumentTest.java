package io.parley.core.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.compute.TenantRegex;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.Refusal;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CaseDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsEveryExpectationOfAScriptedCase() throws Exception {
    EvaluationCase read = read("""
        {"name": "returns", "messages": ["Hi", "Can I return it?"], "page": {"url": "https://shop.example/a"},
         "userId": "ada", "personalData": ["ada@example.com"], "expect": [
          {"contains": "30 days"}, {"notContains": {"pattern": "(?i)credit"}},
          {"toolCalled": {"name": "kb_search", "arguments": {"query": "returns"}}}, {"toolCalled": "fetch_status"},
          {"noToolCalled": true}, {"noToolCalled": "create_ticket"}, {"handoff": false}, {"noPersonalDataToModel": true},
          {"answerSource": "cache"}, {"maxTokens": 2000}, {"judge": "Explains returns."}]}""");
    assertEquals(new CustomerScript.Scripted(List.of("Hi", "Can I return it?")), read.customer());
    assertEquals(Optional.of("ada"), read.userId());
    assertEquals("https://shop.example/a", read.page().orElseThrow().fields().get("url"));
    assertEquals(List.of("contains", "notContains", "toolCalled", "toolCalled", "noToolCalled", "noToolCalled", "handoff",
        "noPersonalDataToModel", "answerSource", "maxTokens", "judge"),
        read.expectations().stream().map(Expectation::kind).toList());
    assertEquals(new Expectation.NoToolCalled(Optional.empty()), read.expectations().get(4));
    assertEquals(new Expectation.FromSource(AnswerSource.CACHE), read.expectations().get(8));
    assertTrue(read.judged());
  }

  @Test
  void readsWhatAProcedureIsExpectedToDo() throws Exception {
    EvaluationCase read = CaseDocument.read(JSON.readTree("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": ["
        + "{\"procedure\": {\"name\": \"refund\", \"completed\": false}}, {\"procedure\": {\"name\": \"verify\"}},"
        + " {\"procedureStep\": {\"name\": \"refund\", \"step\": \"steps[1]\", \"outcome\": \"not held\"}}]}"));
    assertEquals(List.of(new Expectation.ProcedureCompleted("refund", false), new Expectation.ProcedureCompleted("verify", true),
        new Expectation.ProcedureStepWent("refund", "steps[1]", "not held")), read.expectations());
  }

  @Test
  void readsASimulatedCustomer() throws Exception {
    EvaluationCase read = read("""
        {"name": "bargains", "simulatedCustomer": {"persona": "A bargain hunter", "goal": "A discount", "maxTurns": 4},
         "expect": [{"handoff": false}]}""");
    assertEquals(new CustomerScript.Simulated("A bargain hunter", "A discount", 4), read.customer());
  }

  @Test
  void refusesNamingTheField() {
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"sparkles\": 1}]}", "expect[0].sparkles: not an expectation");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"contains\": {\"pattern\": \"[a\"}}]}",
        "expect[0].contains.pattern: not a regular expression");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"notContains\": {\"pattern\": \"(?<!store )credit\"}}]}",
        "expect[0].notContains.pattern: not a regular expression this node runs: invalid named capture");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"contains\": {\"pattern\": \"(a)\\\\1\"}}]}",
        "expect[0].contains.pattern: not a regular expression this node runs: invalid escape sequence: `\\1` ("
            + TenantRegex.SYNTAX + ")");
    refused("{\"name\": \"x\", \"messages\": [], \"expect\": [{\"handoff\": true}]}", "messages: at least one");
    refused("{\"name\": \"x\", \"messages\": " + JSON.valueToTree(java.util.Collections.nCopies(21, "hi"))
        + ", \"expect\": [{\"handoff\": true}]}", "messages: at most 20");
    refused("{\"name\": \"x\", \"simulatedCustomer\": {\"persona\": \"p\", \"goal\": \"g\", \"maxTurns\": 0},"
        + " \"expect\": [{\"handoff\": true}]}", "simulatedCustomer.maxTurns");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"simulatedCustomer\": {}, \"expect\": [{\"handoff\": true}]}",
        "messages: a case has either");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"handoff\": \"yes\"}]}", "expect[0].handoff");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"maxTokens\": 0}]}", "expect[0].maxTokens");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"answerSource\": \"greeting\"}]}",
        "expect[0].answerSource");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"contains\": \"a\", \"handoff\": true}]}", "expect[0]:");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": []}", "expect:");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"procedure\": {\"completed\": true}}]}",
        "expect[0].procedure.name");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"procedureStep\": {\"name\": \"refund\","
        + " \"step\": \"steps[1]\", \"outcome\": \"fine\"}}]}", "expect[0].procedureStep.outcome: one of");
    refused("{\"messages\": [\"hi\"], \"expect\": [{\"handoff\": true}]}", "name:");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"colour\": 1, \"expect\": [{\"handoff\": true}]}", "colour:");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"noPersonalDataToModel\": true}]}", "personalData:");
    refused("{\"name\": \"x\", \"messages\": [\"hi\"], \"page\": {\"a b\": 1}, \"expect\": [{\"handoff\": true}]}", "page:");
  }

  @Test
  void aStoredCaseWhosePatternRe2DoesNotRunIsStillReadToRun() throws Exception {
    EvaluationCase stored = CaseDocument.stored(JSON.readTree(
        "{\"name\": \"x\", \"messages\": [\"hi\"], \"expect\": [{\"contains\": {\"pattern\": \"(?=a)b\"}}]}"));
    TextMatch match = ((Expectation.Contains) stored.expectations().get(0)).match();
    assertTrue(match.unusable().orElseThrow().contains("RE2 syntax"), match.toString());
    assertEquals(false, match.foundIn("ab"));
  }

  private static void refused(String document, String startsWith) {
    Refusal refusal = assertThrows(Refusal.class, () -> read(document));
    assertEquals(ErrorCode.BAD_REQUEST, refusal.code());
    assertTrue(refusal.getMessage().startsWith(startsWith), refusal.getMessage());
  }

  private static EvaluationCase read(String document) throws Exception {
    EvaluationCase read = CaseDocument.read(JSON.readTree(document));
    assertInstanceOf(EvaluationCase.class, read);
    return read;
  }
}
