package io.parley.core.form;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AskedFormTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADDRESS = """
      {"type": "object", "properties": {
        "street": {"type": "string", "title": "Street and number", "minLength": 3, "maxLength": 80},
        "floor": {"type": "integer", "minimum": 0, "maximum": 40},
        "weight": {"type": "number", "maximum": 30.5},
        "email": {"type": "string", "format": "email"},
        "slot": {"type": "string", "enum": ["am", "pm"], "enumNames": ["Morning", "Afternoon"]},
        "carrier": {"oneOf": [{"const": "dhl", "title": "DHL"}, {"const": "ups", "title": "UPS"}]},
        "leaveAtDoor": {"type": "boolean"}},
       "required": ["street", "slot"]}""";

  @Test
  void aSchemaOfPrimitivesIsAFormOfTypedFieldsWithTheirLabelsAndOptions() throws Exception {
    AskedForm form = AskedForm.of("Where to?", JSON.readTree(ADDRESS)).orElseThrow();
    assertEquals(7, form.fields().size());
    assertFalse(form.confirmation());
    JsonNode drawn = form.toJson().get("fields");
    assertEquals("Street and number", drawn.get(0).get("label").asText());
    assertTrue(drawn.get(0).get("required").asBoolean());
    assertEquals("integer", drawn.get(1).get("type").asText());
    assertEquals("floor", drawn.get(1).get("label").asText(), "a field without a title is labelled by its name");
    assertEquals("choice", drawn.get(4).get("type").asText());
    assertEquals("Afternoon", drawn.get(4).at("/options/1/label").asText());
    assertEquals("ups", drawn.get(5).at("/options/1/value").asText());
    assertEquals("boolean", drawn.get(6).get("type").asText());
  }

  @Test
  void answersAreCheckedByTypeRangeLengthFormatChoiceAndRequiredWithoutNamingTheValue() throws Exception {
    AskedForm form = AskedForm.of("Where to?", JSON.readTree(ADDRESS)).orElseThrow();
    assertEquals(Optional.empty(), form.problem(JSON.readTree("""
        {"street": "Main St 5", "floor": 3, "weight": 2.5, "email": "ada@example.org", "slot": "pm", "carrier": "dhl",
         "leaveAtDoor": true}""")));
    assertEquals(Optional.empty(), form.problem(JSON.readTree("{\"street\": \"Main St 5\", \"slot\": \"am\"}")));
    assertEquals(Optional.of("slot is required"), form.problem(JSON.readTree("{\"street\": \"Main St 5\"}")));
    assertEquals(Optional.of("street is too short"), form.problem(JSON.readTree("{\"street\": \"M\", \"slot\": \"am\"}")));
    assertEquals(Optional.of("floor must be a whole number"),
        form.problem(JSON.readTree("{\"street\": \"Main St 5\", \"slot\": \"am\", \"floor\": 2.5}")));
    assertEquals(Optional.of("floor is above its maximum"),
        form.problem(JSON.readTree("{\"street\": \"Main St 5\", \"slot\": \"am\", \"floor\": 41}")));
    assertEquals(Optional.of("weight must be a number"),
        form.problem(JSON.readTree("{\"street\": \"Main St 5\", \"slot\": \"am\", \"weight\": \"2\"}")));
    assertEquals(Optional.of("email is not a valid email"),
        form.problem(JSON.readTree("{\"street\": \"Main St 5\", \"slot\": \"am\", \"email\": \"ada\"}")));
    assertEquals(Optional.of("slot must be one of its options"), form.problem(JSON.readTree("{\"street\": \"Main St 5\", \"slot\": \"night\"}")));
    assertEquals(Optional.of("leaveAtDoor must be true or false"),
        form.problem(JSON.readTree("{\"street\": \"Main St 5\", \"slot\": \"am\", \"leaveAtDoor\": \"yes\"}")));
    assertEquals(Optional.of("pin is no field of the form"),
        form.problem(JSON.readTree("{\"street\": \"Main St 5\", \"slot\": \"am\", \"pin\": \"1234\"}")));
  }

  @Test
  void aSchemaOfNestedObjectsOrArraysIsNoFormAndOneOfYesOrNoIsAConfirmation() throws Exception {
    assertTrue(AskedForm.of("?", JSON.readTree("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"object\"}}}")).isEmpty());
    assertTrue(AskedForm.of("?", JSON.readTree("{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"array\"}}}")).isEmpty());
    assertTrue(AskedForm.of("?", JSON.readTree("{\"type\": \"object\", \"properties\": {}}")).isEmpty());
    assertTrue(AskedForm.of("?", JSON.readTree("{\"type\": \"object\", \"properties\": {\"confirm\": {\"type\": \"boolean\"}}}"))
        .orElseThrow().confirmation());
  }
}
