package io.parley.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A function the model may call, sent in a request's {@code tools}.
 *
 * @param name what the model calls it by: 1 to 64 letters, digits, '_' or '-', as OpenAI requires
 * @param description when to use it; the model reads this, so it is prompt text (empty: none sent)
 * @param parametersSchema a JSON Schema object for the arguments; a tool without arguments has
 *     {@code {"type":"object","properties":{}}}. Copied on the way in, since Jackson trees are
 *     mutable; treat the one this record hands out as read-only.
 */
public record ToolSpec(String name, String description, JsonNode parametersSchema) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  public ToolSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(parametersSchema, "parametersSchema");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a tool name is 1 to 64 of [A-Za-z0-9_-], such as fetch_status, got '" + name + "'");
    }
    if (!parametersSchema.isObject()) {
      throw new IllegalArgumentException("the parameters of tool " + name + " must be a JSON Schema object, got "
          + parametersSchema.getNodeType());
    }
    parametersSchema = parametersSchema.deepCopy();
  }
}
