package io.parley.core.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ToolRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ToolCall CALL = new ToolCall("call_1", "fetch_status", "{\"order\":\"A1\"}");

  @Test
  void theTwoArgumentMessageIsAPlainMessage() {
    PromptMessage message = new PromptMessage("user", "hi");

    assertEquals(PromptMessage.user("hi"), message);
    assertEquals(new PromptMessage("user", "hi", List.of(), Optional.empty()), message);
    assertEquals(List.of(), message.toolCalls());
  }

  @Test
  void toolCallsAndResultsHaveFactories() {
    PromptMessage calls = PromptMessage.assistantToolCalls(List.of(CALL));
    PromptMessage result = PromptMessage.toolResult("call_1", "{\"status\":\"shipped\"}");

    assertEquals("assistant", calls.role());
    assertEquals("", calls.content());
    assertEquals(List.of(CALL), calls.toolCalls());
    assertEquals("tool", result.role());
    assertEquals(Optional.of("call_1"), result.toolCallId());
    assertEquals("Checking.", PromptMessage.assistantToolCalls("Checking.", List.of(CALL)).content());
  }

  @Test
  void messagesKeepTheRolesRules() {
    assertThrows(IllegalArgumentException.class, () -> PromptMessage.assistantToolCalls(List.of()));
    assertThrows(IllegalArgumentException.class, () -> new PromptMessage("user", "", List.of(CALL), Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> new PromptMessage("tool", "42"));
    assertThrows(IllegalArgumentException.class, () -> new PromptMessage("user", "hi", List.of(), Optional.of("call_1")));
    assertThrows(NullPointerException.class, () -> PromptMessage.toolResult("call_1", null));
  }

  @Test
  void toolCallsNeedAnIdAndANameButTakeAnyArguments() {
    assertEquals("{not json", new ToolCall("c", "f", "{not json").argumentsJson());
    assertThrows(IllegalArgumentException.class, () -> new ToolCall("", "f", "{}"));
    assertThrows(IllegalArgumentException.class, () -> new ToolCall("c", " ", "{}"));
  }

  @Test
  void toolSpecsCheckTheNameAndCopyTheSchema() {
    ObjectNode schema = JSON.createObjectNode().put("type", "object");
    ToolSpec spec = new ToolSpec("fetch_status", "Looks up an order.", schema);
    schema.put("type", "changed");

    assertEquals("object", spec.parametersSchema().path("type").asText());
    assertThrows(IllegalArgumentException.class, () -> new ToolSpec("fetch status", "", schema));
    assertThrows(IllegalArgumentException.class, () -> new ToolSpec("x".repeat(65), "", schema));
    assertThrows(IllegalArgumentException.class, () -> new ToolSpec("f", "", JSON.createArrayNode()));
  }

  @Test
  void theThreeArgumentRequestHasNoTools() {
    LlmRequest request = new LlmRequest(List.of(PromptMessage.user("hi")), 10, 0.5);

    assertEquals(List.of(), request.tools());
    assertEquals(ToolChoice.AUTO, request.toolChoice());
    ToolSpec spec = new ToolSpec("f", "", JSON.createObjectNode());
    assertEquals(List.of(spec), request.withTools(List.of(spec)).tools());
  }

  @Test
  void requestsRejectDuplicateToolsAndAChoiceWithoutTools() {
    ToolSpec spec = new ToolSpec("f", "", JSON.createObjectNode());
    List<PromptMessage> messages = List.of(PromptMessage.user("hi"));

    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> new LlmRequest(messages, 10, 0.5, List.of(spec, spec), ToolChoice.AUTO));
    assertTrue(twice.getMessage().contains("two tools are named f"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new LlmRequest(messages, 10, 0.5, List.of(), ToolChoice.REQUIRED));
  }
}
