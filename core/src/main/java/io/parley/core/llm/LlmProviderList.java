package io.parley.core.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.config.JsonEntryList;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Optional;
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

  private static final List<String> FIELDS = List.of("name", "baseUrl", "model", "apiKey");
  // Names label metrics and name breakers and threads: keep them plain.
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private LlmProviderList() {}

  /** @throws IllegalArgumentException saying what is wrong, and in which entry (counted from 1) */
  public static List<LlmEndpoint> parse(String json) {
    List<LlmEndpoint> endpoints = JsonEntryList.parse(json, FIELDS, LlmProviderList::entry, LlmEndpoint::name);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("the array is empty: list at least one provider");
    }
    return endpoints;
  }

  private static LlmEndpoint entry(JsonEntryList.Entry entry) {
    String name = entry.requiredString("name");
    if (!NAME.matcher(name).matches()) {
      throw entry.problem("name must be 1-64 letters, digits, '.', '_' or '-'");
    }
    String baseUrl = entry.requiredString("baseUrl");
    String model = entry.requiredString("model");
    JsonNode key = entry.path("apiKey");
    if (!key.isMissingNode() && !key.isNull() && !key.isTextual()) {
      throw entry.problem("apiKey must be a string, got " + JsonEntryList.describe(key));
    }
    Optional<String> apiKey = key.isTextual() && !key.asText().isBlank() ? Optional.of(key.asText().trim()) : Optional.empty();
    try {
      return new LlmEndpoint(name, new URI(baseUrl), model, apiKey);
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw entry.problem("baseUrl must be an http:// or https:// URL such as http://127.0.0.1:11434/v1, got '"
          + baseUrl + "'");
    }
  }
}
