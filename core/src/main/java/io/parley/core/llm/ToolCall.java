package io.parley.core.llm;

import java.util.Objects;

/**
 * A call the model asked for, or one replayed to it in an assistant message.
 *
 * @param id the server's id for the call, which the tool's result must quote
 * @param argumentsJson the arguments exactly as the model wrote them: usually a JSON object, but
 *     never checked here (models do produce broken JSON; the tool registry validates)
 */
public record ToolCall(String id, String name, String argumentsJson) {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(argumentsJson, "argumentsJson");
    if (id.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException("a tool call needs an id and a name, got id '" + id + "', name '" + name + "'");
    }
  }
}
