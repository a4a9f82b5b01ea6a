package io.parley.core.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.parley.core.language.LanguageTag;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StepTemplateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, JsonNode> variables() throws Exception {
    return Map.of("inputs", JSON.readTree("{\"order\": \"A-1\"}"),
        "status", JSON.readTree("{\"total\": 30.5, \"lines\": [{\"sku\": \"X\"}], \"note\": \"{{inputs.order}}\"}"));
  }

  @Test
  void argumentsKeepTheValuesTypesAndTextsAreFilled() throws Exception {
    JsonNode filled = StepTemplate.fill(JSON.readTree(
        "{\"order\": \"{{inputs.order}}\", \"amount\": \"{{ status.total }}\", \"memo\": \"refund of {{inputs.order}}\", "
            + "\"sku\": [\"{{status.lines[0].sku}}\"], \"gone\": \"{{status.nothing}}\", \"n\": 3}"), variables());
    assertEquals(JSON.readTree("{\"order\": \"A-1\", \"amount\": 30.5, \"memo\": \"refund of A-1\", \"sku\": [\"X\"], "
        + "\"gone\": null, \"n\": 3}"), filled);
    assertEquals("Refunded 30.5 for A-1.", StepTemplate.fill("Refunded {{status.total}} for {{inputs.order}}.", variables()));
  }

  @Test
  void aFilledTextStopsAtItsBound() {
    var answer = Map.<String, JsonNode>of("a", JsonNodeFactory.instance.textNode("x".repeat(16_000)));
    String filled = StepTemplate.fill("{{a}}".repeat(200), answer);
    assertEquals(StepTemplate.MAX_FILLED, filled.length(), "200 copies of 16,000 characters would be 3.2 million");
  }

  @Test
  void aValueIsNeverEvaluatedNorFilledAgain() throws Exception {
    assertEquals("note: {{inputs.order}}", StepTemplate.fill("note: {{status.note}}", variables()));
    assertFalse(StepTemplate.wellFormed("{{ inputs.order + 1 }}"));
    assertFalse(StepTemplate.wellFormed("{{ T(java.lang.Runtime).getRuntime() }}"));
    assertTrue(StepTemplate.wellFormed("{{inputs.order}} and {{ status.lines[0].sku }}"));
    assertEquals(Set.of("inputs", "status"), StepTemplate.roots("{{inputs.order}} {{status.total}}"));
  }

  @Test
  void aTextIsMaskedForATranslationWithTheValuesItWouldBeFilledWith() throws Exception {
    List<String> values = new java.util.ArrayList<>(List.of("earlier"));
    assertEquals("Refunded <2> for <3>, <4>.", StepTemplate.mask("Refunded {{status.total}} for {{inputs.order}}, {{status.nothing}}.",
        variables(), ValueFormat.AS_STORED, values, n -> "<" + n + ">"));
    assertEquals(List.of("earlier", "30.5", "A-1", ""), values, "each as filling it shows it, numbered on");
  }

  @Test
  void amountsNumbersAndDatesAreWrittenAsTheConversationsLanguageWritesThem() throws Exception {
    Map<String, JsonNode> values = Map.of("status", new ObjectMapper().readTree(
        "{\"total\": 38.7, \"currency\": \"EUR\", \"weight\": 2.5, \"order\": 1042, \"due\": \"2026-12-03\"}"));
    String text = "Refund {{status.total}} {{status.currency}} for order {{status.order}} ({{status.weight}} kg), due {{status.due}}.";
    assertEquals("Refund 38,70\u00A0€ for order 1042 (2,5 kg), due 3. Dezember 2026.",
        StepTemplate.fill(text, values, ValueFormat.in(new LanguageTag("de"))));
    assertEquals("Refund €38.70 for order 1042 (2.5 kg), due December 3, 2026.",
        StepTemplate.fill(text, values, ValueFormat.in(new LanguageTag("en"))));
    assertEquals("Refund 38.7 EUR for order 1042 (2.5 kg), due 2026-12-03.", StepTemplate.fill(text, values),
        "a conversation without a language: as stored");
    assertEquals("Rückerstattung 38,70\u00A0€?", StepTemplate.fill("Rückerstattung {{status.total}} EUR?", values,
        ValueFormat.in(new LanguageTag("de"))), "a currency's code as written makes an amount too");
    assertEquals("38,7 XYZ", StepTemplate.fill("{{status.total}} XYZ", values, ValueFormat.in(new LanguageTag("de"))),
        "no currency has that code: a number and the text as written");
    List<String> masked = new java.util.ArrayList<>();
    assertEquals("Refund [1] now.", StepTemplate.mask("Refund {{status.total}} {{status.currency}} now.", values,
        ValueFormat.in(new LanguageTag("de")), masked, n -> "[" + n + "]"));
    assertEquals(List.of("38,70\u00A0€"), masked, "the amount is one value to put back after a translation");
  }

  @Test
  void onlyEnumsNumbersAndStringsAreTakenInCodeTheRestByTheModel() {
    assertTrue(AskSchema.takenInCode("{\"type\": \"string\", \"enum\": [\"yes\", \"no\"]}"));
    assertTrue(AskSchema.takenInCode("{\"type\": \"number\"}"));
    assertTrue(AskSchema.takenInCode("{\"type\": \"string\"}"));
    assertFalse(AskSchema.takenInCode("{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}"));
    assertFalse(AskSchema.takenInCode("{\"type\": \"array\", \"items\": {\"type\": \"string\"}}"));
    assertFalse(AskSchema.takenInCode("{\"type\": \"boolean\"}"));
  }

  @Test
  void anAnswerIsTakenInCodeWhereTheSchemaSaysEnough() throws Exception {
    String reasons = "{\"type\": \"string\", \"enum\": [\"damaged\", \"wrong item\", \"changed mind\"]}";
    assertEquals(Optional.of(JSON.readTree("\"wrong item\"")), AskSchema.takeInCode(reasons, "It was the Wrong Item, sorry"));
    assertEquals(Optional.empty(), AskSchema.takeInCode(reasons, "it came broken"));
    assertEquals(Optional.of(JSON.readTree("3")), AskSchema.takeInCode("{\"type\": \"integer\"}", "I'd like 3 please"));
    assertEquals(Optional.empty(), AskSchema.takeInCode("{\"type\": \"integer\"}", "3 or 4"));
    assertEquals(Optional.of(JSON.readTree("\"A-1234\"")),
        AskSchema.takeInCode("{\"type\": \"string\", \"pattern\": \"^A-[0-9]{4}$\"}", "it's order A-1234 from May"));
    assertEquals(Optional.empty(), AskSchema.takeInCode("{\"type\": \"string\"}", "the blue one"));
    assertEquals(List.of(), AskSchema.problems(reasons, JSON.readTree("\"damaged\"")));
    assertEquals(1, AskSchema.problems(reasons, JSON.readTree("\"broken\"")).size());
  }
}
