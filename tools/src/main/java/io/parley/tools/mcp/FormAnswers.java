package io.parley.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.modern.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers a server's request for input during a tool call (an {@code input_required} round of MCP 2026-07-28, form
 * mode). First from the call's own arguments, which the model filled from the conversation: each field the form asks
 * for is answered with the argument of the same name (a server lets the model carry an answer by declaring it as an
 * optional argument of the tool); a form whose every required field is so answered is accepted with those fields.
 * Otherwise a confirmation (a form whose every field is a yes or no, say {@code confirm: boolean}) is a person's to
 * give: accepted with every field yes when a person {@code approved} this call (docs/tools.md#approvals), and left
 * unanswered otherwise (empty), for the session to ask the customer. Any other form is declined, and the server
 * decides what the call then does. Nothing is ever answered that neither the call nor a person gave.
 */
record FormAnswers(JsonNode arguments, boolean approved) {
  private static final ObjectMapper JSON = new ObjectMapper();

  Optional<McpSchema.ElicitResult> answer(McpSchema.ElicitFormRequest form) {
    Map<String, Object> schema = form.requestedSchema() == null ? Map.of() : form.requestedSchema();
    Map<?, ?> properties = schema.get("properties") instanceof Map<?, ?> map ? map : Map.of();
    Map<String, Object> content = new LinkedHashMap<>();
    for (Object field : properties.keySet()) {
      JsonNode value = arguments == null ? null : arguments.get(String.valueOf(field));
      if (value != null && !value.isNull()) content.put(String.valueOf(field), JSON.convertValue(value, Object.class));
    }
    List<?> required = schema.get("required") instanceof List<?> list ? list : List.of();
    boolean complete = required.stream().allMatch(field -> content.containsKey(String.valueOf(field)));
    if (complete && !content.isEmpty()) return Optional.of(McpSchema.ElicitResult.accept(content));
    if (!confirmation(properties)) return Optional.of(McpSchema.ElicitResult.decline());
    if (!approved) return Optional.empty();
    properties.keySet().forEach(field -> content.put(String.valueOf(field), true));
    return Optional.of(McpSchema.ElicitResult.accept(content));
  }

  /** Whether a form of these fields asks only yes or no: a confirmation. */
  private static boolean confirmation(Map<?, ?> properties) {
    return !properties.isEmpty() && properties.values().stream()
        .allMatch(field -> field instanceof Map<?, ?> described && "boolean".equals(described.get("type")));
  }
}
