package io.parley.core.llm;

import java.util.Objects;

/**
 * A JSON schema the model's answer must follow, sent as OpenAI's
 * {@code "response_format": {"type": "json_schema", "json_schema": {"name", "strict", "schema"}}}.
 * Servers that do not enforce it may still answer otherwise: the caller checks the answer.
 *
 * @param schemaJson the schema, a JSON object as text
 * @param strict whether the server is to enforce it exactly; a schema written by a tenant (an ask's)
 *     need not meet OpenAI's rules for strict schemas (every property required, no other
 *     properties), so it goes as a guide
 */
public record ResponseSchema(String name, String schemaJson, boolean strict) {
  public ResponseSchema {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schemaJson, "schemaJson");
  }

  /** A schema the server enforces strictly. */
  public ResponseSchema(String name, String schemaJson) {
    this(name, schemaJson, true);
  }
}
