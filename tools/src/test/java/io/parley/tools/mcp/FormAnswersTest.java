package io.parley.tools.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.modern.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FormAnswersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final McpSchema.ElicitFormRequest CONFIRM = McpSchema.ElicitFormRequest.builder("Refund order A-1?",
      Map.of("type", "object", "properties", Map.of("confirm", Map.of("type", "boolean")),
          "required", List.of("confirm"))).build();
  private static final McpSchema.ElicitFormRequest ADDRESS = McpSchema.ElicitFormRequest.builder("Where to?",
      Map.of("type", "object", "properties", Map.of("street", Map.of("type", "string")),
          "required", List.of("street"))).build();

  @Test
  void theCallsOwnArgumentsAnswerFirst() throws Exception {
    Optional<McpSchema.ElicitResult> answered = new FormAnswers(args("{\"order\": \"A-1\", \"confirm\": false}"), true)
        .answer(CONFIRM);
    assertEquals(McpSchema.ElicitResult.Action.ACCEPT, answered.orElseThrow().action());
    assertEquals(Map.of("confirm", false), answered.orElseThrow().content());
  }

  @Test
  void aConfirmationIsGivenOnlyOnceAPersonApprovedTheCall() throws Exception {
    assertTrue(new FormAnswers(args("{\"order\": \"A-1\"}"), false).answer(CONFIRM).isEmpty(), "the customer's to give");
    McpSchema.ElicitResult approved = new FormAnswers(args("{\"order\": \"A-1\"}"), true).answer(CONFIRM).orElseThrow();
    assertEquals(McpSchema.ElicitResult.Action.ACCEPT, approved.action());
    assertEquals(Map.of("confirm", true), approved.content());
  }

  @Test
  void aFormForValuesTheCallDoesNotCarryIsDeclinedEvenWhenApproved() throws Exception {
    assertEquals(McpSchema.ElicitResult.Action.DECLINE,
        new FormAnswers(args("{\"order\": \"A-1\"}"), true).answer(ADDRESS).orElseThrow().action());
  }

  private static JsonNode args(String json) throws Exception {
    return JSON.readTree(json);
  }
}
