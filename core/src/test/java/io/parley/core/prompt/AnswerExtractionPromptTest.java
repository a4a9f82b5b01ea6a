package io.parley.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ResponseSchema;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The request for an ask's value carries its schema in the instructions and as the answer's JSON
 * schema (not strict: a tenant's schema need not meet a server's rules for strict ones), the
 * question and the answer as data; an answer gives a value only when it says it was given.
 */
class AnswerExtractionPromptTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADDRESS = "{\"type\": \"object\", \"properties\": {\"street\": {\"type\": \"string\"}, "
      + "\"city\": {\"type\": \"string\"}}, \"required\": [\"street\", \"city\"]}";

  @Test
  void asksForTheSchemasValueWithTheQuestionAndTheAnswerAsData() throws Exception {
    List<PromptMessage> messages = AnswerExtractionPrompt.messages("Acme Lamps", ADDRESS, "Where to?", "Main St 5 in \"Berlin\"");
    assertTrue(messages.get(0).content().contains(JSON.readTree(ADDRESS).toString()), messages.get(0).content());
    assertTrue(messages.get(0).content().contains("Acme Lamps's support team"), messages.get(0).content());
    assertEquals(JSON.readTree("{\"question\": \"Where to?\", \"answer\": \"Main St 5 in \\\"Berlin\\\"\"}"),
        JSON.readTree(messages.get(1).content()));
    ResponseSchema schema = AnswerExtractionPrompt.schema(ADDRESS);
    assertFalse(schema.strict());
    assertEquals(JSON.readTree(ADDRESS), JSON.readTree(schema.schemaJson()).path("properties").path("value"));
  }

  @Test
  void readsTheValueOnlyWhenItWasGiven() throws Exception {
    assertEquals(Optional.of(JSON.readTree("{\"street\": \"Main St 5\", \"city\": \"Berlin\"}")), AnswerExtractionPrompt.read(
        "{\"given\": true, \"value\": {\"street\": \"Main St 5\", \"city\": \"Berlin\"}}"));
    assertEquals(Optional.empty(), AnswerExtractionPrompt.read("{\"given\": false, \"value\": {\"street\": \"x\"}}"));
    assertEquals(Optional.empty(), AnswerExtractionPrompt.read("{\"given\": true, \"value\": null}"));
    for (String broken : List.of("Berlin", "{\"value\": \"Berlin\"}", "[]")) {
      assertThrows(IllegalArgumentException.class, () -> AnswerExtractionPrompt.read(broken), broken);
    }
  }
}
