package io.parley.core.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.session.ReplyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProcedureDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TOOLS = Set.of("order_status", "refund_order");
  static final String REFUND = """
      [{"name": "refund", "description": "A customer wants their money back for an order",
        "inputs": {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]},
        "steps": [
          {"tool": "order_status", "arguments": {"order": "{{inputs.order}}"}, "as": "status"},
          {"check": "status.delivered == true", "otherwise": [
            {"say": "Order {{inputs.order}} has not arrived yet, so it cannot be refunded."},
            {"end": true}]},
          {"ask": "reason", "prompt": "Why would you like a refund?",
           "schema": {"type": "string", "enum": ["damaged", "wrong item", "changed mind"]}},
          {"check": "double(status.total) <= 500.0", "otherwise": [{"handoff": "refund over 500"}]},
          {"tool": "refund_order", "arguments": {"order": "{{inputs.order}}", "amount": "{{status.total}}"}, "as": "refund"},
          {"say": "Refunded {{refund.amount}} for order {{inputs.order}}."}]}]
      """;

  static List<Procedure> read(String document, List<String> problems) throws Exception {
    return ProcedureDocument.read(JSON.readTree(document), TOOLS, problems);
  }

  @Test
  void aRefundProcedureReadsAndWritesBackAsWritten() throws Exception {
    List<String> problems = new ArrayList<>();
    List<Procedure> procedures = read(REFUND, problems);
    assertEquals(List.of(), problems);
    Procedure refund = procedures.getFirst();
    assertEquals("procedure_refund", refund.toolName());
    assertEquals(6, refund.steps().size());
    assertEquals(new ProcedureStep.Check("status.delivered == true", List.of(
        new ProcedureStep.Say("Order {{inputs.order}} has not arrived yet, so it cannot be refunded."),
        new ProcedureStep.End())), refund.steps().get(1));
    JsonNode written = JSON.valueToTree(refund);
    assertEquals(JSON.readTree(REFUND).get(0), written);
    assertEquals(refund, JSON.treeToValue(written, Procedure.class));
  }

  @Test
  void aMisshapenStepIsNamedBeforeAnyReferenceIsChecked() throws Exception {
    List<String> problems = new ArrayList<>();
    read("""
        [{"name": "refund", "description": "d", "steps": [
          {"tool": "wire_money", "arguments": "to me"},
          {"check": "paid.ok", "otherwise": [{"say": ""}]},
          {"say": "hi", "end": true},
          {"ask": "now", "prompt": "p", "schema": {"type": "string"}, "retries": 5}]}]
        """, problems);
    assertEquals(List.of(
        "procedures[0].steps[0].arguments: must be an object",
        "procedures[0].steps[0].as: must be a non-empty string",
        "procedures[0].steps[1].otherwise[0].say: must be a non-empty string",
        "procedures[0].steps[2]: must have exactly one of ask, check, end, handoff, procedure, say, tool (has say, end)",
        "procedures[0].steps[3].retries: not a field of ask steps",
        "procedures[0].steps[3].ask: now is the procedure's own; choose another name"), problems);
  }

  @Test
  void anUnknownToolAnUnsetVariableAndABadSchemaAreNamedByStep() throws Exception {
    List<String> problems = new ArrayList<>();
    read("""
        [{"name": "refund", "description": "d", "steps": [
          {"tool": "wire_money", "arguments": {"to": "{{inputs.iban}}"}, "as": "paid"},
          {"check": "paid.ok", "otherwise": [{"say": "{{missing.value}}"}]},
          {"ask": "x", "prompt": "p", "schema": {"type": "strng"}}]}]
        """, problems);
    assertEquals(3, problems.size(), problems::toString);
    assertEquals("procedures[0].steps[0].tool: no tool is named wire_money (known: order_status, refund_order)", problems.get(0));
    assertTrue(problems.get(1).startsWith("procedures[0].steps[1].otherwise[0].say: no step before sets missing"), problems::toString);
    assertTrue(problems.get(2).startsWith("procedures[0].steps[2].schema: must be a JSON schema with a \"type\""), problems::toString);
  }

  @Test
  void aSayStepOffersRepliesToTapWhoseWordsAreCheckedLikeItsText() throws Exception {
    List<String> problems = new ArrayList<>();
    Procedure offered = read("""
        [{"name": "refund", "description": "d", "steps": [
          {"say": "Anything else?", "options": [{"label": "Track {{inputs.order}}"}, {"label": "No", "value": "No, thanks"}]}]}]
        """, problems).getFirst();
    assertEquals(List.of(), problems);
    assertEquals(new ProcedureStep.Say("Anything else?", List.of(new ReplyOption("Track {{inputs.order}}", "Track {{inputs.order}}"),
        new ReplyOption("No", "No, thanks"))), offered.steps().getFirst());
    assertEquals(offered, JSON.treeToValue(JSON.valueToTree(offered), Procedure.class));

    read("""
        [{"name": "refund", "description": "d", "steps": [
          {"say": "Anything else?", "options": [{"label": "Track {{parcel.id}}"}, {"value": "no label"}]}]}]
        """, problems);
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.getFirst().startsWith("procedures[0].steps[0].options[1]"), problems::toString);
    problems.clear();
    read("""
        [{"name": "refund", "description": "d", "steps": [{"say": "Anything else?", "options": [{"label": "Track {{parcel.id}}"}]}]}]
        """, problems);
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.getFirst().startsWith("procedures[0].steps[0].options[0].label: no step before sets parcel"), problems::toString);
  }

  @Test
  void aSayOrAnAskHasTheCompanysOwnTextPerLanguageCheckedLikeItsText() throws Exception {
    List<String> problems = new ArrayList<>();
    Procedure worded = read("""
        [{"name": "refund", "description": "d", "steps": [
          {"say": "Order {{inputs.order}}?", "texts": {"de": "Bestellung {{inputs.order}}?", "pt-BR": "Pedido {{inputs.order}}?"}},
          {"ask": "n", "prompt": "How many?", "schema": {"type": "integer"}, "texts": {"de": "Wie viele?"}}]}]
        """, problems).getFirst();
    assertEquals(List.of(), problems);
    assertEquals(java.util.Map.of("de", "Bestellung {{inputs.order}}?", "pt-BR", "Pedido {{inputs.order}}?"),
        ((ProcedureStep.Say) worded.steps().getFirst()).texts());
    assertEquals(worded, JSON.treeToValue(JSON.valueToTree(worded), Procedure.class), "written back as written");
    assertEquals(java.util.Optional.of("Wie viele?"), ProcedureStep.textIn(((ProcedureStep.Ask) worded.steps().get(1)).texts(),
        new io.parley.core.language.LanguageTag("de-CH")));

    read("""
        [{"name": "refund", "description": "d", "steps": [
          {"say": "Hi", "texts": {"klingon": "x", "de": "Hallo {{who.name}}", "fr": ""}},
          {"ask": "n", "prompt": "How many?", "schema": {"type": "integer"}, "texts": ["Wie viele?"]}]}]
        """, problems);
    assertEquals(List.of("procedures[0].steps[0].texts.klingon: not a language tag in canonical form (BCP 47, e.g. de or pt-BR)",
        "procedures[0].steps[0].texts.fr: must be a non-empty string",
        "procedures[0].steps[1].texts: must be an object of languages, each its text, e.g. {\"de\": \"...\"}"), problems);
    problems.clear();
    read("""
        [{"name": "refund", "description": "d", "steps": [{"say": "Hi", "texts": {"de": "Hallo {{who.name}}"}}]}]
        """, problems);
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.getFirst().startsWith("procedures[0].steps[0].texts.de: no step before sets who"), problems::toString);
  }

  @Test
  void referencesAreCheckedOnceTheShapeIsRight() throws Exception {
    List<String> problems = new ArrayList<>();
    read("""
        [{"name": "refund", "description": "d", "steps": [
          {"say": "{{ inputs.a + 1 }}"}, {"check": "1 + 2"}, {"check": "later == 1"}, {"ask": "later", "prompt": "p", "schema": {"type": "integer"}},
          {"procedure": "nowhere"}]}]
        """, problems);
    assertEquals(List.of(
        "procedures[0].steps[0].say: a {{...}} must be a variable and its fields, such as {{inputs.order}}",
        "procedures[0].steps[1].check: must be a condition (true or false), not a int",
        "procedures[0].steps[2].check: does not compile: ERROR: <input>:1:1: undeclared reference to 'later' (in container '')\n | later == 1\n | ^",
        "procedures[0].steps[4].procedure: no procedure is named nowhere"), problems);
  }

  @Test
  void aCycleOfSubProceduresIsNamedWhereItCloses() throws Exception {
    List<String> problems = new ArrayList<>();
    read("""
        [{"name": "a", "description": "d", "steps": [{"procedure": "b"}]},
         {"name": "b", "description": "d", "steps": [{"say": "hi"}, {"procedure": "a"}]}]
        """, problems);
    assertEquals(List.of("procedures[1].steps[1].procedure: a would call itself (a → b → a)",
        "procedures[0].steps[0].procedure: b would call itself (b → a → b)"), problems);
  }

  @Test
  void whatASubProcedureSetsIsKnownAfterItsCall() throws Exception {
    List<String> problems = new ArrayList<>();
    read("""
        [{"name": "refund", "description": "d", "steps": [{"procedure": "look_up"}, {"check": "status.delivered"}]},
         {"name": "look_up", "description": "d", "steps": [
           {"tool": "order_status", "arguments": {"order": "{{inputs.order}}"}, "as": "status"}]}]
        """, problems);
    assertEquals(List.of(), problems);
  }

  @Test
  void namesAreToolNamesOnceEach() throws Exception {
    List<String> problems = new ArrayList<>();
    read("""
        [{"name": "Refund!", "description": "d", "steps": [{"end": true}]},
         {"name": "x", "description": "", "inputs": {"type": "string"}, "steps": []},
         {"name": "x", "description": "d", "steps": [{"end": true}], "when": "always"}]
        """, problems);
    assertEquals(List.of(
        "procedures[0].name: must be lower-case letters, digits and _, at most 40, e.g. \"refund\"",
        "procedures[1].description: must say when the procedure applies, for the model",
        "procedures[1].inputs: must be the JSON schema of what the procedure needs to start, {\"type\": \"object\", \"properties\": {...}}",
        "procedures[1].steps: must be a non-empty list of steps",
        "procedures[2].when: not a field of a procedure (known: name, description, inputs, steps)",
        "procedures[2].name: x is used twice"), problems);
  }
}
