package io.parley.tools.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.config.JsonEntryList;
import io.parley.core.net.UrlHost;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

  private static final List<String> FIELDS =
      List.of("name", "description", "url", "parameters", "timeoutMs", "maxAttempts", "idempotent", "secret");

  private RemoteToolList() {}

  /**
   * The tools in {@code json}, in its order; blank text is none.
   *
   * @throws IllegalArgumentException saying what is wrong, and in which entry (counted from 1)
   */
  public static List<RemoteToolEndpoint> parse(String json) {
    if (json == null || json.isBlank()) return List.of();
    return JsonEntryList.parse(json, FIELDS, RemoteToolList::entry, RemoteToolEndpoint::name);
  }

  private static RemoteToolEndpoint entry(JsonEntryList.Entry entry) {
    JsonNode parameters = entry.path("parameters");
    if (!parameters.isObject()) {
      throw entry.problem("parameters must be the JSON schema of the arguments, an object such as "
          + "{\"type\":\"object\",\"properties\":{...}}");
    }
    ToolDefinition definition = new ToolDefinition(
        entry.requiredString("name"),
        entry.requiredString("description"),
        parameters,
        Duration.ofMillis(whole(entry, "timeoutMs", DEFAULT_TIMEOUT.toMillis(), MIN_TIMEOUT_MS, MAX_TIMEOUT_MS)),
        (int) whole(entry, "maxAttempts", DEFAULT_MAX_ATTEMPTS, 1, MAX_ATTEMPTS),
        ToolDefinition.DEFAULT_BACKOFF,
        flag(entry, "idempotent"));
    try {
      ToolRegistry.check(definition);
    } catch (IllegalArgumentException e) {
      throw entry.problem(e.getMessage());
    }
    return new RemoteToolEndpoint(definition, url(entry), secret(entry));
  }

  private static long whole(JsonEntryList.Entry entry, String field, long fallback, long min, long max) {
    JsonNode value = entry.path(field);
    if (value.isMissingNode() || value.isNull()) return fallback;
    if (!value.canConvertToExactIntegral() || value.asLong() < min || value.asLong() > max) {
      throw entry.problem(field + " must be a whole number from " + min + " to " + max + ", got " + value);
    }
    return value.asLong();
  }

  private static boolean flag(JsonEntryList.Entry entry, String field) {
    JsonNode value = entry.path(field);
    if (value.isMissingNode() || value.isNull()) return false;
    if (!value.isBoolean()) throw entry.problem(field + " must be true or false");
    return value.asBoolean();
  }

  private static URI url(JsonEntryList.Entry entry) {
    String raw = entry.requiredString("url");
    try {
      URI url = new URI(raw);
      if (UrlHost.hasHost(url) && ("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) return url;
    } catch (URISyntaxException e) {
      // reported below, with the form expected
    }
    throw entry.problem("url must be an http:// or https:// URL such as https://shop.example/parley/order-status, got '"
        + raw + "'");
  }

  private static Optional<String> secret(JsonEntryList.Entry entry) {
    JsonNode value = entry.path("secret");
    if (value.isMissingNode() || value.isNull()) return Optional.empty();
    if (!value.isTextual() || value.asText().isBlank()) throw entry.problem("secret must be a non-empty string, or left out");
    return Optional.of(value.asText());
  }
}
