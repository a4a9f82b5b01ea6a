package io.parley.tools.remote;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.retry.Backoff;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the remote tools an operator lists as JSON: {@code [{"name", "description", "url",
 * "parameters", "timeoutMs"?, "maxAttempts"?, "idempotent"?, "secret"?}, ...]}. A definition is
 * checked as the registry checks any tool's (an OpenAI function name, a valid JSON schema of an
 * object), so a mistake fails at start-up, per entry, and never by quoting a secret.
 */
public final class RemoteToolList {
  /** The accepted form, for error messages. */
  public static final String EXPECTED_FORM = "a JSON array of {\"name\",\"description\",\"url\",\"parameters\","
      + "\"timeoutMs\",\"maxAttempts\",\"idempotent\",\"secret\"} objects (the last four optional), e.g. "
      + "[{\"name\":\"order_status\",\"description\":\"Where an order is\",\"url\":\"https://shop.example/parley/order-status\","
      + "\"parameters\":{\"type\":\"object\",\"properties\":{\"order\":{\"type\":\"string\"}},\"required\":[\"order\"]},"
      + "\"timeoutMs\":5000,\"maxAttempts\":3,\"idempotent\":true,\"secret\":\"<shared secret>\"}]";

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  static final long MIN_TIMEOUT_MS = 100;
  // A tool call is part of a customer's turn: past a minute, the customer has given up on it.
  static final long MAX_TIMEOUT_MS = 60_000;
  static final int MAX_ATTEMPTS = 10;
  /** 200 ms, then doubling to at most 2 s, less up to half as jitter. */
  public static final Backoff BACKOFF = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(2), 2.0, 0.5);

  private static final Set<String> FIELDS =
      Set.of("name", "description", "url", "parameters", "timeoutMs", "maxAttempts", "idempotent", "secret");
  private static final String FIELDS_IN_ORDER =
      "name, description, url, parameters, timeoutMs, maxAttempts, idempotent and secret";
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private RemoteToolList() {}

  /**
   * The tools in {@code json}, in its order; blank text is none.
   *
   * @throws IllegalArgumentException saying what is wrong, and in which entry (counted from 1)
   */
  public static List<RemoteToolEndpoint> parse(String json) {
    if (json == null || json.isBlank()) return List.of();
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      // Only the position: the parser's own message may quote the text around it, a secret included.
      JsonLocation at = e.getLocation();
      throw new IllegalArgumentException("not valid JSON"
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("expected a JSON array, got " + (root == null ? "nothing" : root.getNodeType()));
    }
    List<RemoteToolEndpoint> endpoints = new ArrayList<>();
    Map<String, Integer> entryByName = new HashMap<>();
    for (int i = 0; i < root.size(); i++) {
      RemoteToolEndpoint endpoint = entry(i + 1, root.get(i));
      Integer earlier = entryByName.putIfAbsent(endpoint.name(), i + 1);
      if (earlier != null) {
        throw new IllegalArgumentException("entry " + (i + 1) + ": name \"" + endpoint.name()
            + "\" is already the name of entry " + earlier + "; names must be unique");
      }
      endpoints.add(endpoint);
    }
    return List.copyOf(endpoints);
  }

  private static RemoteToolEndpoint entry(int number, JsonNode entry) {
    if (!entry.isObject()) {
      throw new IllegalArgumentException("entry " + number + ": expected an object, got " + entry.getNodeType());
    }
    String label = "entry " + number + (entry.path("name").isTextual() ? " (\"" + entry.get("name").asText() + "\")" : "");
    for (Iterator<String> fields = entry.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(label + ": unknown field \"" + field + "\"; the fields are " + FIELDS_IN_ORDER);
      }
    }
    JsonNode parameters = entry.path("parameters");
    if (!parameters.isObject()) {
      throw new IllegalArgumentException(label + ": parameters must be the JSON schema of the arguments, an object "
          + "such as {\"type\":\"object\",\"properties\":{...}}");
    }
    ToolDefinition definition = new ToolDefinition(
        requiredString(entry, "name", label),
        requiredString(entry, "description", label),
        parameters,
        Duration.ofMillis(whole(entry, "timeoutMs", DEFAULT_TIMEOUT.toMillis(), MIN_TIMEOUT_MS, MAX_TIMEOUT_MS, label)),
        (int) whole(entry, "maxAttempts", DEFAULT_MAX_ATTEMPTS, 1, MAX_ATTEMPTS, label),
        BACKOFF,
        flag(entry, "idempotent", label));
    try {
      ToolRegistry.check(definition);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(label + ": " + e.getMessage());
    }
    return new RemoteToolEndpoint(definition, url(requiredString(entry, "url", label), label), secret(entry, label));
  }

  private static String requiredString(JsonNode entry, String field, String label) {
    JsonNode value = entry.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(label + ": " + field + " must be a non-empty string");
    }
    return value.asText().trim();
  }

  private static long whole(JsonNode entry, String field, long fallback, long min, long max, String label) {
    JsonNode value = entry.path(field);
    if (value.isMissingNode() || value.isNull()) return fallback;
    if (!value.canConvertToExactIntegral() || value.asLong() < min || value.asLong() > max) {
      throw new IllegalArgumentException(label + ": " + field + " must be a whole number from " + min + " to " + max
          + ", got " + value);
    }
    return value.asLong();
  }

  private static boolean flag(JsonNode entry, String field, String label) {
    JsonNode value = entry.path(field);
    if (value.isMissingNode() || value.isNull()) return false;
    if (!value.isBoolean()) throw new IllegalArgumentException(label + ": " + field + " must be true or false");
    return value.asBoolean();
  }

  private static URI url(String raw, String label) {
    try {
      URI url = new URI(raw);
      if (url.getHost() != null && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) return url;
    } catch (URISyntaxException e) {
      // reported below, with the form expected
    }
    throw new IllegalArgumentException(label + ": url must be an http:// or https:// URL such as "
        + "https://shop.example/parley/order-status, got '" + raw + "'");
  }

  private static Optional<String> secret(JsonNode entry, String label) {
    JsonNode value = entry.path("secret");
    if (value.isMissingNode() || value.isNull()) return Optional.empty();
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(label + ": secret must be a non-empty string, or left out");
    }
    return Optional.of(value.asText());
  }
}
