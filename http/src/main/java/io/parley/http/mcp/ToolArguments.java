package io.parley.http.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A tool's arguments are the query parameters of its REST route: their JSON schema is the one openapi.json gives the
 * route's parameters (names, types, bounds, descriptions, which are required), the tenant's aside, and a call's
 * arguments become those parameters as the route reads them.
 */
final class ToolArguments {
  /** The parameters a tool never takes: the tenant is always the caller's. */
  private static final Set<String> LEFT_OUT = Set.of("tenant");

  private final JsonNode api;
  private final ObjectMapper json;

  private ToolArguments(JsonNode api, ObjectMapper json) {
    this.api = api;
    this.json = json;
  }

  /** The API description the node serves at {@code /v1/openapi.json}. */
  static ToolArguments fromOpenApi(ObjectMapper json) {
    try (InputStream in = ToolArguments.class.getResourceAsStream("/openapi.json")) {
      if (in == null) throw new IllegalStateException("openapi.json is not on the class path");
      return new ToolArguments(json.readTree(in), json);
    } catch (IOException e) {
      throw new UncheckedIOException("openapi.json could not be read", e);
    }
  }

  /** The API's version, which the MCP server gives as its own. */
  String version() {
    return api.path("info").path("version").asText();
  }

  /** The JSON schema of the arguments of the operation {@code operationId}: an object of its parameters, no others. */
  Map<String, Object> schema(String operationId) {
    ObjectNode schema = json.createObjectNode().put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    var required = json.createArrayNode();
    for (JsonNode parameter : operation(operationId).path("parameters")) {
      JsonNode resolved = resolved(parameter);
      String name = resolved.get("name").asText();
      if (LEFT_OUT.contains(name)) continue;
      ObjectNode property = resolved.get("schema").deepCopy();
      if (resolved.has("description")) property.put("description", resolved.get("description").asText());
      properties.set(name, property);
      if (resolved.path("required").asBoolean()) required.add(name);
    }
    if (!required.isEmpty()) schema.set("required", required);
    schema.put("additionalProperties", false);
    return json.convertValue(schema, Map.class);
  }

  /** A call's arguments as query parameters: strings as they are, numbers and booleans as the route would read them. */
  static Map<String, String> parameters(Map<String, Object> arguments) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (arguments == null) return parameters;
    arguments.forEach((name, value) -> {
      if (value == null) return;
      parameters.put(name, switch (value) {
        case String text -> text;
        case Boolean flag -> flag.toString();
        case Number number -> new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
        default -> throw new IllegalArgumentException(name + " must be a string or a number");
      });
    });
    return parameters;
  }

  private JsonNode operation(String operationId) {
    for (JsonNode path : api.path("paths")) {
      for (JsonNode operation : path) {
        if (operation.path("operationId").asText().equals(operationId)) return operation;
      }
    }
    throw new IllegalStateException("openapi.json has no operation " + operationId);
  }

  /** A parameter, or the one its {@code $ref} names ({@code #/components/parameters/Tenant}). */
  private JsonNode resolved(JsonNode parameter) {
    if (!parameter.has("$ref")) return parameter;
    return api.at(parameter.get("$ref").asText().substring(1));
  }
}
