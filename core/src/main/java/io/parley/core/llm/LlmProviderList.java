package io.parley.core.llm;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the model providers an operator lists as JSON, in the order they are to be tried:
 * {@code [{"name":"workers-ai","baseUrl":"https://...","model":"...","apiKey":"..."}, ...]}, where
 * {@code apiKey} is optional. Problems are reported per entry, and never quote a key.
 */
public final class LlmProviderList {
  /** The accepted form, for error messages. */
  public static final String EXPECTED_FORM = "a JSON array of {\"name\",\"baseUrl\",\"model\",\"apiKey\"} objects, "
      + "apiKey optional, e.g. [{\"name\":\"workers-ai\",\"baseUrl\":\"https://api.cloudflare.com/client/v4/accounts/<id>/ai/v1\","
      + "\"model\":\"@cf/meta/llama-3.3-70b-instruct-fp8-fast\",\"apiKey\":\"<token>\"},"
      + "{\"name\":\"ollama\",\"baseUrl\":\"http://127.0.0.1:11434/v1\",\"model\":\"llama3.3\"}]";

  private static final Set<String> FIELDS = Set.of("name", "baseUrl", "model", "apiKey");
  // Names label metrics and name breakers and threads: keep them plain.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private LlmProviderList() {}

  /** @throws IllegalArgumentException saying what is wrong, and in which entry (counted from 1) */
  public static List<LlmEndpoint> parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // Only the position: the parser's own message may quote the text around it, a key included.
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException("not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("expected a JSON array, got " + describe(root));
    }
    if (root.isEmpty()) {
      throw new IllegalArgumentException("the array is empty: list at least one provider");
    }
    List<LlmEndpoint> endpoints = new ArrayList<>();
    Map<String, Integer> entryByName = new HashMap<>();
    for (int i = 0; i < root.size(); i++) {
      LlmEndpoint endpoint = entry(i + 1, root.get(i));
      Integer earlier = entryByName.putIfAbsent(endpoint.name(), i + 1);
      if (earlier != null) {
        throw new IllegalArgumentException("entry " + (i + 1) + ": name \"" + endpoint.name() + "\" is already the name "
            + "of entry " + earlier + "; names must be unique");
      }
      endpoints.add(endpoint);
    }
    return List.copyOf(endpoints);
  }

  private static LlmEndpoint entry(int number, JsonNode entry) {
    if (!entry.isObject()) {
      throw new IllegalArgumentException("entry " + number + ": expected an object, got " + describe(entry));
    }
    String label = "entry " + number + (entry.path("name").isTextual() ? " (\"" + entry.get("name").asText() + "\")" : "");
    for (Iterator<String> fields = entry.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(label + ": unknown field \"" + field
            + "\"; the fields are name, baseUrl, model and apiKey");
      }
    }
    String name = requiredString(entry, "name", label);
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(label + ": name must be 1-64 letters, digits, '.', '_' or '-'");
    }
    String baseUrl = requiredString(entry, "baseUrl", label);
    String model = requiredString(entry, "model", label);
    JsonNode key = entry.path("apiKey");
    if (!key.isMissingNode() && !key.isNull() && !key.isTextual()) {
      throw new IllegalArgumentException(label + ": apiKey must be a string, got " + describe(key));
    }
    Optional<String> apiKey = key.isTextual() && !key.asText().isBlank() ? Optional.of(key.asText().trim()) : Optional.empty();
    try {
      return new LlmEndpoint(name, new URI(baseUrl), model, apiKey);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IllegalArgumentException(label + ": baseUrl must be an http:// or https:// URL such as "
          + "http://127.0.0.1:11434/v1, got '" + baseUrl + "'");
    }
  }

  private static String requiredString(JsonNode entry, String field, String label) {
    JsonNode value = entry.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(label + ": " + field + " must be a non-empty string, got "
          + (value.isMissingNode() ? "nothing" : describe(value)));
    }
    return value.asText().trim();
  }

  /** The kind of a value, never the value: it may be a key. */
  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) return "nothing";
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case OBJECT, POJO -> "an object";
      case STRING, BINARY -> node.asText().isBlank() ? "an empty string" : "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL, MISSING -> "null";
    };
  }
}
