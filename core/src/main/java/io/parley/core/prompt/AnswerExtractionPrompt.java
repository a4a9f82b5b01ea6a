package io.parley.core.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.llm.PromptMessage;
import io.parley.core.llm.ResponseSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The request that asks a model for the value of a procedure's ask, taken from the customer's
 * answer (PROMPTS.md): the instructions of {@code prompts/extract-answer.txt} with the ask's JSON
 * schema, then the question and the answer as a JSON object in one user message. The answer is
 * JSON following {@link #schema}: {@code given}, and the {@code value}, which the caller validates
 * against the ask's schema again (a server may not enforce it).
 */
public final class AnswerExtractionPrompt {
  public static final String RESOURCE = "/prompts/extract-answer.txt";
  /** What a schema the answer follows is named in the request. */
  public static final String NAME = "answer_value";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SystemPrompt TEMPLATE = SystemPrompt.fromResource(RESOURCE);

  private AnswerExtractionPrompt() {}

  /** The request for the value of {@code schema} in {@code answer} to {@code question} (both redacted by the caller). */
  public static List<PromptMessage> messages(String companyName, String schema, String question, String answer) {
    String instructions = TEMPLATE.render(Map.of("company_name", companyName, "schema", tree(schema).toString()));
    ObjectNode asked = JSON.createObjectNode().put("question", question).put("answer", answer);
    return List.of(PromptMessage.system(instructions), PromptMessage.user(asked.toString()));
  }

  /**
   * What the answer must follow: {@code given} and the value of the ask's {@code schema}, not
   * strict (a tenant's schema need not meet a server's rules for strict ones).
   */
  public static ResponseSchema schema(String schema) {
    ObjectNode wrapper = JSON.createObjectNode().put("type", "object");
    ObjectNode properties = wrapper.putObject("properties");
    properties.putObject("given").put("type", "boolean");
    properties.set("value", tree(schema));
    wrapper.putArray("required").add("given").add("value");
    return new ResponseSchema(NAME, wrapper.toString(), false);
  }

  /**
   * The value the model's {@code answer} gives; empty when it says the customer gave none. An
   * answer that is no such JSON is an {@code IllegalArgumentException} saying how.
   */
  public static Optional<JsonNode> read(String answer) {
    JsonNode tree;
    try {
      tree = JSON.readTree(answer);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the answer is no JSON: " + e.getOriginalMessage());
    }
    if (tree == null || !tree.path("given").isBoolean()) throw new IllegalArgumentException("no \"given\" in the answer");
    JsonNode value = tree.path("value");
    return tree.get("given").asBoolean() && !value.isMissingNode() && !value.isNull() ? Optional.of(value) : Optional.empty();
  }

  private static JsonNode tree(String schema) {
    try {
      return JSON.readTree(schema);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("an ask's schema is JSON: " + schema, e);
    }
  }
}
