package io.parley.tools;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.compute.TenantRegex;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A tool's parameter schema, compiled, and the validation of arguments against it with messages a
 * model can act on.
 *
 * <p>Validation is networknt's json-schema-validator (draft 2020-12, the whole specification,
 * on the Jackson 2 that Parley already uses), not a subset of our own: tool schemas are prompt
 * text written by people, and a keyword our own validator silently ignored would let bad
 * arguments through. Its messages are machine-flavoured ("does not have a value in the enumeration
 * [...]"), so the common keywords are reworded here ("priority must be one of low, normal, high,
 * urgent") and the rest keep the library's text behind the argument's name. A schema is itself
 * checked against the 2020-12 meta-schema (bundled in the library, no network) when the registry
 * is built, so a typo such as {@code "type": "strng"} fails at start-up, not on a customer's turn.
 *
 * <p>A schema's {@code pattern}s and {@code patternProperties} are a tenant's (its HTTP tools) or
 * its MCP server's text, matched against what a model wrote from a customer's words: they run on
 * RE2/J ({@link TenantRegex}, linear time), compiled with the schema, so one RE2 does not run is
 * refused when the schema is checked.
 */
record ArgumentSchema(JsonNode source, Schema schema) {
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
          .regularExpressionFactory(regex -> TenantRegex.compile(regex)::find).build()));
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

  /** @throws IllegalArgumentException when {@code parameters} is not a JSON schema of an object */
  static ArgumentSchema compile(String toolName, JsonNode parameters) {
    if (parameters == null || !parameters.isObject() || !"object".equals(parameters.path("type").asText())) {
      throw new IllegalArgumentException("the parameters of tool " + toolName
          + " must be a JSON schema with \"type\": \"object\", got " + parameters);
    }
    List<Error> metaErrors = SCHEMAS.getSchema(SchemaLocation.of(META_SCHEMA)).validate(parameters);
    if (!metaErrors.isEmpty()) {
      throw new IllegalArgumentException("the parameters of tool " + toolName + " are not a valid JSON schema: "
          + metaErrors.stream().map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList());
    }
    JsonNode copy = parameters.deepCopy();
    try {
      Schema schema = SCHEMAS.getSchema(copy);
      schema.initializeValidators();
      return new ArgumentSchema(copy, schema);
    } catch (SchemaException e) {
      if (!(e.getCause() instanceof TenantRegex.Refused refused)) throw e;
      throw new IllegalArgumentException("a pattern in the parameters of tool " + toolName + " is not one this node runs: "
          + refused.getMessage());
    }
  }

  /** The problems of {@code arguments}, one sentence each; empty when they are valid. */
  List<String> problems(JsonNode arguments) {
    List<Error> errors = schema.validate(arguments);
    // A value of the wrong type also fails its enum, length or range; the type is the one to fix.
    Set<String> wrongType = new HashSet<>();
    for (Error error : errors) {
      if ("type".equals(error.getKeyword())) wrongType.add(error.getInstanceLocation().toString());
    }
    List<String> problems = new ArrayList<>();
    for (Error error : errors) {
      String location = error.getInstanceLocation().toString();
      if (!"type".equals(error.getKeyword()) && wrongType.contains(location)) continue;
      String problem = describe(error);
      if (!problems.contains(problem)) problems.add(problem);
    }
    return problems;
  }

  private String describe(Error error) {
    String at = name(error.getInstanceLocation().toString());
    Object[] arguments = error.getArguments() == null ? new Object[0] : error.getArguments();
    String keyword = error.getKeyword() == null ? "" : error.getKeyword();
    switch (keyword) {
      case "required":
        return qualified(at, error.getProperty()) + " is required";
      case "additionalProperties":
        return "unknown argument " + qualified(at, error.getProperty()) + allowedNames(error);
      case "enum":
        return (at.isEmpty() ? "the arguments" : at) + " must be one of " + enumeration(error.getSchemaNode());
      case "type":
        if (arguments.length == 2) {
          return (at.isEmpty() ? "the arguments" : at) + " must be " + article(String.valueOf(arguments[1]))
              + ", not " + article(String.valueOf(arguments[0]));
        }
        break;
      case "pattern":
      case "format":
        return (at.isEmpty() ? "the arguments" : at) + " " + error.getMessage() + hint(error.getInstanceLocation().toString());
      default:
        break;
    }
    return (at.isEmpty() ? "the arguments" : at) + " " + error.getMessage();
  }

  /** "/tags/0/name" reads "tags[0].name"; the root is "". */
  private static String name(String pointer) {
    StringBuilder name = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) continue;
      String unescaped = part.replace("~1", "/").replace("~0", "~");
      if (unescaped.chars().allMatch(Character::isDigit)) {
        name.append('[').append(unescaped).append(']');
      } else {
        if (name.length() > 0) name.append('.');
        name.append(unescaped);
      }
    }
    return name.toString();
  }

  private static String qualified(String parent, String property) {
    String child = property == null ? "a property" : property;
    return parent.isEmpty() ? child : parent + "." + child;
  }

  /** At the top level, the names the tool does take. */
  private String allowedNames(Error error) {
    if (!error.getInstanceLocation().toString().isEmpty()) return "";
    List<String> names = new ArrayList<>();
    source.path("properties").fieldNames().forEachRemaining(names::add);
    return names.isEmpty() ? "; this tool takes no arguments" : "; the arguments are " + String.join(", ", names);
  }

  private static String enumeration(JsonNode values) {
    if (values == null || !values.isArray()) return String.valueOf(values);
    List<String> texts = new ArrayList<>();
    for (Iterator<JsonNode> it = values.elements(); it.hasNext(); ) {
      JsonNode value = it.next();
      texts.add(value.isTextual() ? value.asText() : value.toString());
    }
    return String.join(", ", texts);
  }

  /** The property's own description says what a valid value looks like, better than a regex does. */
  private String hint(String pointer) {
    JsonNode property = source;
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) continue;
      property = property.path("properties").path(part.replace("~1", "/").replace("~0", "~"));
    }
    String description = property.path("description").asText("");
    return description.isBlank() ? "" : " (" + description.strip() + ")";
  }

  private static String article(String type) {
    return switch (type) {
      case "object", "array", "integer" -> "an " + type;
      case "null" -> "null";
      default -> "a " + type;
    };
  }
}
