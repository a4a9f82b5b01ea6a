package io.parley.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.modern.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers a server's request for input during a tool call (an {@code input_required} round of MCP
 * 2026-07-28, form mode) from the call's own arguments, which the model filled from the conversation:
 * each field the form asks for is answered with the argument of the same name (a server lets the model
 * carry an answer by declaring it as an optional argument of the tool). A form whose every
 * required field is answered is accepted with those fields; otherwise it is declined, and the server
 * decides what the call then does. An approval (a form asking, say, {@code confirm: boolean}) is
 * thus given only when the model passed it, after the customer said so; nothing is ever answered
 * that the call did not carry.
 */
record FormAnswers(JsonNode arguments) {
  private static final ObjectMapper JSON = new ObjectMapper();

  McpSchema.ElicitResult answer(McpSchema.ElicitFormRequest form) {
    Map<String, Object> schema = form.requestedSchema() == null ? Map.of() : form.requestedSchema();
    Map<String, Object> content = new LinkedHashMap<>();
    if (schema.get("properties") instanceof Map<?, ?> properties) {
      for (Object field : properties.keySet()) {
        JsonNode value = arguments == null ? null : arguments.get(String.valueOf(field));
        if (value != null && !value.isNull()) content.put(String.valueOf(field), JSON.convertValue(value, Object.class));
      }
    }
    List<?> required = schema.get("required") instanceof List<?> list ? list : List.of();
    boolean complete = required.stream().allMatch(field -> content.containsKey(String.valueOf(field)));
    return complete && !content.isEmpty() ? McpSchema.ElicitResult.accept(content) : McpSchema.ElicitResult.decline();
  }
}
