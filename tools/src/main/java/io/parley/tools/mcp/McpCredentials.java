package io.parley.tools.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.net.OutboundHttp;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code Authorization} header of every request to one MCP server: none, a bearer token, or a
 * token from an OAuth 2.1 authorization server by the client-credentials grant, fetched when first
 * needed and again when it expires or the MCP server refuses it. Never in a log or an error.
 */
abstract sealed class McpCredentials {
  /** The header's value, fetching a token if it must (blocks). */
  abstract Optional<String> authorization() throws IOException;

  /** The server refused the credentials (401): a fetched token is fetched again next time. */
  void refused() {}

  static McpCredentials none() {
    return new None();
  }

  static McpCredentials bearer(String token) {
    return new Bearer(token);
  }

  static McpCredentials clientCredentials(URI tokenUrl, String clientId, String clientSecret, Optional<String> scope,
      OutboundHttp http, Clock clock) {
    return new ClientCredentials(tokenUrl, clientId, clientSecret, scope, http, clock);
  }

  private static final class None extends McpCredentials {
    @Override
    Optional<String> authorization() {
      return Optional.empty();
    }
  }

  private static final class Bearer extends McpCredentials {
    private final String token;

    Bearer(String token) {
      this.token = token;
    }

    @Override
    Optional<String> authorization() {
      return Optional.of("Bearer " + token);
    }
  }

  private static final class ClientCredentials extends McpCredentials {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    // A token is fetched again this long before it expires, so no request carries one that expires on the way.
    private static final Duration EARLY = Duration.ofSeconds(30);
    private static final Duration WITHOUT_EXPIRY = Duration.ofMinutes(5);

    private final URI tokenUrl;
    private final String clientId;
    private final String clientSecret;
    private final Optional<String> scope;
    private final OutboundHttp http;
    private final Clock clock;
    private String token;
    private Instant expires = Instant.MIN;

    ClientCredentials(URI tokenUrl, String clientId, String clientSecret, Optional<String> scope, OutboundHttp http,
        Clock clock) {
      this.tokenUrl = tokenUrl;
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.scope = scope;
      this.http = http;
      this.clock = clock;
    }

    @Override
    synchronized Optional<String> authorization() throws IOException {
      if (token == null || !clock.instant().isBefore(expires)) fetch();
      return Optional.of("Bearer " + token);
    }

    @Override
    synchronized void refused() {
      token = null;
    }

    private void fetch() throws IOException {
      Map<String, String> form = new LinkedHashMap<>();
      form.put("grant_type", "client_credentials");
      form.put("client_id", clientId);
      form.put("client_secret", clientSecret);
      scope.ifPresent(s -> form.put("scope", s));
      OutboundHttp.Answer answer = http.postForm(tokenUrl, form, TIMEOUT, MAX_ANSWER_BYTES);
      JsonNode body;
      try {
        body = JSON.readTree(answer.body());
      } catch (IOException e) {
        body = JSON.createObjectNode();
      }
      if (!answer.successful() || !body.path("access_token").isTextual()) {
        String error = body.path("error").asText("");
        throw new IOException("the authorization server at " + tokenUrl.getHost() + " gave no token (HTTP "
            + answer.status() + (error.isEmpty() ? "" : ": " + error) + ")");
      }
      token = body.get("access_token").asText();
      long seconds = body.path("expires_in").asLong(0);
      Duration lifetime = seconds > 0 ? Duration.ofSeconds(seconds).minus(EARLY) : WITHOUT_EXPIRY;
      expires = clock.instant().plus(lifetime.isNegative() ? Duration.ZERO : lifetime);
    }
  }
}
