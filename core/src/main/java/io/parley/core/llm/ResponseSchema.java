package io.parley.core.llm;

import java.util.Objects;

/**
 * A JSON schema the model's answer must follow, sent as OpenAI's
 * {@code "response_format": {"type": "json_schema", "json_schema": {"name", "strict": true, "schema"}}}.
 * Servers that do not enforce it may still answer otherwise: the caller checks the answer.
 *
 * @param schemaJson the schema, a JSON object as text
 */
public record ResponseSchema(String name, String schemaJson) {
  public ResponseSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schemaJson, "schemaJson");
  }
}
