package io.parley.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.parley.core.identity.Sha256;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The identities test nodes know ({@code PARLEY_TENANTS}): the tenants tests use, each accepting
 * HS256 tokens signed with one test secret and holding an admin and an agent API key. The default
 * tenant {@code demo} has the same keys and stays open to anonymous customers, as in the quick start.
 */
final class TestIdentity {
  /** Tenants whose customers need a token. */
  static final List<String> TENANTS = List.of("acme", "globex", "initech", "umbrella");
  static final String DEFAULT_TENANT = "demo";
  static final String ISSUER = "https://id.test.parley.example";
  static final String AUDIENCE = "parley";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String SECRET = "parley-test-hs256-secret-of-32-bytes-or-more";
  private static final Pattern TENANT_PARAMETER = Pattern.compile("[?&]tenant=([a-z0-9-]+)");

  private TestIdentity() {}

  static String tenantsJson() {
    return java.util.stream.Stream.concat(TENANTS.stream(), java.util.stream.Stream.of(DEFAULT_TENANT)).map(tenant ->
        "\"" + tenant + "\": {" + (tenant.equals(DEFAULT_TENANT) ? "\"anonymousWithoutKey\": true, " : "") + "\"issuer\": \"" + ISSUER + "\", \"audience\": \""
        + AUDIENCE + "\", \"hs256Secret\": \"" + SECRET + "\", \"apiKeys\": ["
        + "{\"name\": \"test-admin\", \"sha256\": \"" + sha256Hex(adminKey(tenant)) + "\", \"roles\": [\"admin\"]},"
        + "{\"name\": \"test-agent\", \"sha256\": \"" + sha256Hex(agentKey(tenant)) + "\", \"roles\": [\"agent\"]}]}")
        .collect(Collectors.joining(", ", "{", "}"));
  }

  static String adminKey(String tenant) {
    return "test-admin-key-" + tenant;
  }

  static String agentKey(String tenant) {
    return "test-agent-key-" + tenant;
  }

  /** A customer's token, signed in as {@code userId} when given. */
  static String customerToken(String tenant, Optional<String> userId) {
    return token(tenant, userId, List.of());
  }

  /** An agent's token: {@code agentId} is its subject. */
  static String agentToken(String tenant, String agentId) {
    return token(tenant, Optional.of(agentId), List.of("agent"));
  }

  private static String token(String tenant, Optional<String> subject, List<String> roles) {
    return signed(claims(tenant, subject, roles).build(), SECRET);
  }

  /** The claims of a valid token of {@code tenant}, valid for an hour, to be changed by tests that forge one. */
  static JWTClaimsSet.Builder claims(String tenant, Optional<String> subject, List<String> roles) {
    JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).claim("tenant", tenant)
        .expirationTime(Date.from(Instant.now().plusSeconds(3600)));
    subject.ifPresent(claims::subject);
    if (!roles.isEmpty()) claims.claim("roles", roles);
    return claims;
  }

  /** {@code claims} signed with HS256 and {@code secret}. */
  static String signed(JWTClaimsSet claims, String secret) {
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    try {
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  /** A request to {@code path} as the admin of the tenant its {@code ?tenant=} names, or of the default tenant. */
  static HttpRequest.Builder authorized(HttpRequest.Builder request, String path) {
    Matcher named = TENANT_PARAMETER.matcher(path);
    String tenant = named.find() ? named.group(1) : DEFAULT_TENANT;
    return TENANTS.contains(tenant) || tenant.equals(DEFAULT_TENANT)
        ? request.header("Authorization", "Bearer " + adminKey(tenant)) : request;
  }

  /** A JSON request ({@code body} null: none) to the node on {@code port} with {@code authorization} (null: none). */
  static HttpResponse<String> call(int port, String method, String path, String authorization, String body)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) request.header("Authorization", authorization);
    if (body != null) request.header("Content-Type", "application/json");
    return HTTP.send(request.build(), FirstEventBody.HANDLER);
  }

  /** A JSON request ({@code body} null: none) to the node on {@code port}, as the admin of the tenant {@code path} names. */
  static HttpResponse<String> asAdmin(int port, String method, String path, String body) throws Exception {
    HttpRequest.Builder request = authorized(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)), path)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String sha256Hex(String key) {
    return HexFormat.of().formatHex(Sha256.of(key));
  }
}
