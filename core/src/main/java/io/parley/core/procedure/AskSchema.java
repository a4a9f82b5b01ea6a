package io.parley.core.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.parley.core.compute.TenantRegex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSON schema of what an {@code ask} step takes from the customer's answer. Where the schema
 * says enough (one of an {@code enum}, a whole number, a number, a string of a {@code pattern})
 * the value is taken from the answer in code; otherwise the model extracts it. Either way it is
 * validated against the schema (draft 2020-12; a schema's patterns run on RE2).
 */
public final class AskSchema {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TYPES = Set.of("string", "integer", "number", "boolean", "object", "array");
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
          .regularExpressionFactory(regex -> TenantRegex.compile(regex)::find).build()));
  private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
  private static final Pattern INTEGER = Pattern.compile("(?<![\\w.,])-?\\d+(?![\\w.,]\\d)");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.,])-?\\d+(?:[.,]\\d+)?(?![\\w.,]\\d)");

  private AskSchema() {}

  /** Why {@code schema} cannot describe an answer; empty when it can. */
  static Optional<String> problem(String schema) {
    JsonNode tree = tree(schema);
    if (!tree.isObject() || !TYPES.contains(tree.path("type").asText())) {
      return Optional.of("must be a JSON schema with a \"type\" (" + String.join(", ", TYPES.stream().sorted().toList()) + ")");
    }
    List<Error> meta = SCHEMAS.getSchema(SchemaLocation.of(META_SCHEMA)).validate(tree);
    if (!meta.isEmpty()) return Optional.of("not a valid JSON schema: " + meta.getFirst().getMessage());
    try {
      compiled(tree);
    } catch (SchemaException | IllegalArgumentException e) {
      return Optional.of("not a schema this node runs: " + e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * The value {@code answer} gives, taken in code, when the schema allows it and the answer holds
   * exactly one candidate; empty when the model must extract it.
   */
  public static Optional<JsonNode> takeInCode(String schema, String answer) {
    JsonNode tree = tree(schema);
    JsonNode choices = tree.path("enum");
    if (choices.isArray() && !choices.isEmpty()) {
      List<JsonNode> named = new ArrayList<>();
      String said = answer.toLowerCase(Locale.ROOT);
      for (JsonNode choice : choices) {
        String text = choice.asText().toLowerCase(Locale.ROOT);
        if (!text.isEmpty() && Pattern.compile("(?<!\\w)" + Pattern.quote(text) + "(?!\\w)").matcher(said).find()) named.add(choice);
      }
      return named.size() == 1 ? Optional.of(named.getFirst()) : Optional.empty();
    }
    return switch (tree.path("type").asText()) {
      case "integer" -> only(INTEGER.matcher(answer)).flatMap(AskSchema::number);
      case "number" -> only(NUMBER.matcher(answer)).flatMap(n -> number(n.replace(',', '.')));
      case "string" -> tree.path("pattern").isTextual() ? matched(tree.path("pattern").asText(), answer) : Optional.empty();
      default -> Optional.empty();
    };
  }

  /**
   * Whether the value of an answer is taken in code under {@code schema} (one of an {@code enum}, a
   * number, a string): an answer that gives none is asked again. Under any other schema (an
   * object, a list, a boolean) the model extracts the value.
   */
  public static boolean takenInCode(String schema) {
    JsonNode tree = tree(schema);
    return tree.path("enum").isArray() && !tree.path("enum").isEmpty()
        || Set.of("integer", "number", "string").contains(tree.path("type").asText());
  }

  /** The problems of {@code value} against {@code schema}, one sentence each; empty when it is valid. */
  public static List<String> problems(String schema, JsonNode value) {
    return compiled(tree(schema)).validate(value).stream().map(Error::getMessage).distinct().toList();
  }

  /** A number as JSON reads it ({@code 007} is none). */
  private static Optional<JsonNode> number(String text) {
    try {
      return Optional.of(JSON.readTree(text)).filter(JsonNode::isNumber);
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> only(Matcher numbers) {
    List<String> found = new ArrayList<>();
    while (numbers.find()) found.add(numbers.group());
    return found.size() == 1 ? Optional.of(found.getFirst()) : Optional.empty();
  }

  /** The one span of the answer the pattern (anchors dropped) finds. */
  private static Optional<JsonNode> matched(String pattern, String answer) {
    String unanchored = pattern.replaceAll("^\\^|\\$$", "");
    TenantRegex regex;
    try {
      regex = TenantRegex.compile(unanchored);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    List<TenantRegex.Span> spans = regex.spans(answer);
    return spans.size() == 1
        ? Optional.of(JsonNodeFactory.instance.textNode(answer.substring(spans.getFirst().start(), spans.getFirst().end())))
        : Optional.empty();
  }

  private static Schema compiled(JsonNode tree) {
    Schema schema = SCHEMAS.getSchema(tree.deepCopy());
    schema.initializeValidators();
    return schema;
  }

  private static JsonNode tree(String schema) {
    try {
      return JSON.readTree(schema);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not JSON: " + schema, e);
    }
  }
}
