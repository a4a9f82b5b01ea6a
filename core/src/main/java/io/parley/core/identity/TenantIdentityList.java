package io.parley.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.parley.core.config.JsonEntryList;
import io.parley.core.erasure.RetentionPolicy;
import io.parley.core.net.UrlHost;
import io.parley.core.session.SessionId;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code PARLEY_TENANTS}: a JSON object with one entry per tenant, saying how its callers
 * prove who they are. Problems name the tenant and the field, and never quote a secret.
 */
public final class TenantIdentityList {
  public static final String EXPECTED_FORM = "a JSON object of tenants, e.g. {\"acme\": {\"issuer\": "
      + "\"https://shop.acme.example\", \"audience\": \"parley\", \"hs256Secret\": \"<32 bytes or more>\", "
      + "\"publishableKey\": \"pk_acme_...\", \"apiKeys\": [{\"name\": \"helpdesk\", \"sha256\": \"<64 hex digits>\", "
      + "\"roles\": [\"agent\"]}]}}; other fields: jwks (a JWK set of public keys), jwksUrl, clockSkewSeconds (0-300, "
      + "default 60), anonymousWithoutKey (boolean), allowedOrigins (e.g. [\"https://www.acme.example\"]), "
      + "retentionDays (0: for ever), oidc (the staff's OpenID Connect provider: {\"issuer\": ..., \"clientId\": ..., "
      + "\"rolesClaim\": \"roles\"}), publishableKeys (several keys while one is rotated out), disabled (boolean); "
      + "see docs/security.md and docs/tenants.md";

  static final int MIN_SECRET_BYTES = 32;
  static final int DEFAULT_CLOCK_SKEW_SECONDS = 60;
  static final int MAX_CLOCK_SKEW_SECONDS = 300;

  /** The fields of a tenant's entry, in PARLEY_TENANTS and in the body of {@code PUT /v1/tenants/{tenant}}. */
  public static final List<String> FIELDS = List.of("issuer", "audience", "hs256Secret", "jwks", "jwksUrl",
      "clockSkewSeconds", "publishableKey", "publishableKeys", "anonymousWithoutKey", "apiKeys", "allowedOrigins", "oidc",
      // Not the identity's: how long the tenant's sessions are kept, read by RetentionPolicy.
      "retentionDays", "disabled");
  private static final List<String> OIDC_FIELDS = List.of("issuer", "clientId", "rolesClaim");
  private static final List<String> KEY_FIELDS = List.of("name", "sha256", "roles");
  private static final Pattern PUBLISHABLE_KEY = Pattern.compile("[A-Za-z0-9_-]{16,128}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private TenantIdentityList() {}

  /** @throws IllegalArgumentException saying what is wrong, and for which tenant */
  public static Map<String, TenantIdentity> parse(String json) {
    JsonNode root = JsonEntryList.readTree(json);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, got " + JsonEntryList.describe(root));
    }
    Map<String, TenantIdentity> tenants = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!SessionId.isValidTenant(field.getKey())) {
        throw new IllegalArgumentException("tenant names are 1-63 characters of a-z, 0-9 and '-', got '"
            + field.getKey() + "'");
      }
      tenants.put(field.getKey(), entry(field.getKey(), field.getValue()));
    }
    requireUnique(tenants.values());
    return tenants;
  }

  /**
   * One tenant's entry: the same fields and checks whether it comes from PARLEY_TENANTS or from the API.
   *
   * @throws IllegalArgumentException "tenant acme: jwksUrl must be ...", naming the field and never quoting a secret
   */
  public static TenantIdentity entry(String tenant, JsonNode node) {
    if (!node.isObject()) throw problem(tenant, "expected an object, got " + JsonEntryList.describe(node));
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw problem(tenant, "unknown field \"" + name + "\"; the fields are " + String.join(", ", FIELDS));
      }
    }
    // Read by the retention sweep, checked here so that the API refuses what start-up would.
    RetentionPolicy.tenantDays(JsonNodeFactory.instance.objectNode().set(tenant, node).toString());
    return new TenantIdentity(tenant, tokenKeys(tenant, node), oidc(tenant, node.path("oidc")), publishableKeys(tenant, node),
        flag(tenant, node, "anonymousWithoutKey"), apiKeys(tenant, node.path("apiKeys")),
        allowedOrigins(tenant, node.path("allowedOrigins")), flag(tenant, node, "disabled"));
  }

  /** {@code publishableKey} and {@code publishableKeys} together: every one is accepted until removed. */
  private static List<String> publishableKeys(String tenant, JsonNode node) {
    List<String> keys = new java.util.ArrayList<>();
    optionalText(tenant, node, "publishableKey").ifPresent(keys::add);
    JsonNode list = node.path("publishableKeys");
    if (!list.isMissingNode()) {
      if (!list.isArray()) throw problem(tenant, "publishableKeys must be an array of keys");
      list.forEach(key -> keys.add(key.isTextual() ? key.asText().trim() : ""));
    }
    for (String key : keys) {
      if (!PUBLISHABLE_KEY.matcher(key).matches()) {
        throw problem(tenant, "publishableKey must be 16-128 letters, digits, '_' or '-'");
      }
    }
    return keys.stream().distinct().toList();
  }

  private static boolean flag(String tenant, JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isMissingNode() && !value.isBoolean()) {
      throw problem(tenant, field + " must be true or false, got " + JsonEntryList.describe(value));
    }
    return value.asBoolean(false);
  }

  private static List<String> allowedOrigins(String tenant, JsonNode node) {
    if (node.isMissingNode()) return List.of();
    List<String> origins = new java.util.ArrayList<>();
    if (node.isArray()) node.forEach(origin -> origins.add(origin.isTextual() ? origin.asText() : ""));
    if (!node.isArray() || origins.contains("")) {
      throw problem(tenant, "allowedOrigins must be an array of origins such as \"https://www.acme.example\"");
    }
    try {
      OriginPolicy.of(origins);
    } catch (IllegalArgumentException e) {
      throw problem(tenant, "allowedOrigins: " + e.getMessage());
    }
    return origins;
  }

  private static Optional<TokenKeys> tokenKeys(String tenant, JsonNode node) {
    Optional<String> secret = optionalText(tenant, node, "hs256Secret");
    Optional<JWKSet> publicKeys = node.has("jwks") ? Optional.of(jwks(tenant, node.get("jwks"))) : Optional.empty();
    Optional<URL> jwksUrl = optionalText(tenant, node, "jwksUrl").map(url -> url(tenant, url));
    if (secret.isEmpty() && publicKeys.isEmpty() && jwksUrl.isEmpty()) {
      if (node.has("issuer") || node.has("audience")) {
        throw problem(tenant, "issuer and audience need keys to check tokens with: hs256Secret, jwks or jwksUrl");
      }
      return Optional.empty();
    }
    if (publicKeys.isPresent() && jwksUrl.isPresent()) throw problem(tenant, "give jwks or jwksUrl, not both");
    if (secret.isPresent() && secret.get().getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
      throw problem(tenant, "hs256Secret must be at least " + MIN_SECRET_BYTES + " bytes (HS256 needs a 256-bit key)");
    }
    String issuer = optionalText(tenant, node, "issuer")
        .orElseThrow(() -> problem(tenant, "issuer is required with token keys: the iss its tokens carry"));
    String audience = optionalText(tenant, node, "audience")
        .orElseThrow(() -> problem(tenant, "audience is required with token keys: the aud its tokens carry"));
    JsonNode skew = node.path("clockSkewSeconds");
    if (!skew.isMissingNode() && !(skew.canConvertToInt() && skew.isIntegralNumber()
        && skew.asInt() >= 0 && skew.asInt() <= MAX_CLOCK_SKEW_SECONDS)) {
      throw problem(tenant, "clockSkewSeconds must be a whole number from 0 to " + MAX_CLOCK_SKEW_SECONDS);
    }
    return Optional.of(new TokenKeys(issuer, audience, secret, publicKeys, jwksUrl,
        Duration.ofSeconds(skew.asInt(DEFAULT_CLOCK_SKEW_SECONDS))));
  }

  private static Optional<OidcProvider> oidc(String tenant, JsonNode node) {
    if (node.isMissingNode()) return Optional.empty();
    if (!node.isObject()) throw problem(tenant, "oidc must be an object: {\"issuer\": ..., \"clientId\": ..., \"rolesClaim\": ...}");
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!OIDC_FIELDS.contains(name)) {
        throw problem(tenant, "oidc: unknown field \"" + name + "\"; the fields are " + String.join(", ", OIDC_FIELDS));
      }
    }
    String issuer = optionalText(tenant, node, "issuer")
        .orElseThrow(() -> problem(tenant, "oidc.issuer is required: the provider's issuer, e.g. https://login.acme.example"));
    try {
      url(tenant, issuer);
    } catch (IllegalArgumentException e) {
      throw problem(tenant, "oidc.issuer must be an https:// URL such as https://login.acme.example");
    }
    String clientId = optionalText(tenant, node, "clientId")
        .orElseThrow(() -> problem(tenant, "oidc.clientId is required: the console's client at the provider"));
    return Optional.of(new OidcProvider(issuer, clientId,
        optionalText(tenant, node, "rolesClaim").orElse(OidcProvider.DEFAULT_ROLES_CLAIM)));
  }

  private static JWKSet jwks(String tenant, JsonNode node) {
    JWKSet set;
    try {
      set = JWKSet.parse(node.toString());
    } catch (ParseException e) {
      throw problem(tenant, "jwks must be a JWK set, {\"keys\": [...]}");
    }
    if (set.getKeys().isEmpty()) throw problem(tenant, "jwks holds no keys");
    for (JWK key : set.getKeys()) {
      if (key.isPrivate()) throw problem(tenant, "jwks must hold public keys only; keep private keys with the signer");
      if (!(key.getKeyType().getValue().equals("RSA") || key.getKeyType().getValue().equals("EC"))) {
        throw problem(tenant, "jwks keys must be RSA (RS256) or EC (ES256) keys; an HS256 secret goes in hs256Secret");
      }
    }
    return set;
  }

  private static URL url(String tenant, String raw) {
    try {
      URI uri = new URI(raw);
      if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || !UrlHost.hasHost(uri)) {
        throw new IllegalArgumentException();
      }
      return uri.toURL();
    } catch (java.net.URISyntaxException | MalformedURLException | IllegalArgumentException e) {
      throw problem(tenant, "jwksUrl must be an https:// URL such as https://shop.acme.example/.well-known/jwks.json");
    }
  }

  private static List<ApiKey> apiKeys(String tenant, JsonNode node) {
    if (node.isMissingNode()) return List.of();
    try {
      return JsonEntryList.parse(node.toString(), KEY_FIELDS, TenantIdentityList::apiKey, ApiKey::name);
    } catch (IllegalArgumentException e) {
      throw problem(tenant, "apiKeys: " + e.getMessage());
    }
  }

  private static ApiKey apiKey(JsonEntryList.Entry entry) {
    String name = entry.requiredString("name");
    String sha256 = entry.requiredString("sha256");
    if (!SHA256_HEX.matcher(sha256).matches()) {
      throw entry.problem("sha256 must be the key's SHA-256 as 64 lowercase hex digits (e.g. printf %s \"$KEY\" | sha256sum)");
    }
    JsonNode roles = entry.path("roles");
    if (!roles.isArray() || roles.isEmpty()) throw entry.problem("roles must be a non-empty array of agent and admin");
    Set<Role> granted = new HashSet<>();
    for (JsonNode role : roles) {
      granted.add(Role.fromWireName(role.asText()).filter(r -> r == Role.AGENT || r == Role.ADMIN)
          .orElseThrow(() -> entry.problem("roles must be agent or admin, got '" + role.asText() + "'")));
    }
    return new ApiKey(name, sha256, granted);
  }

  /**
   * A publishable or API key names one tenant: the same one in two tenants would make it ambiguous.
   *
   * @throws IllegalArgumentException naming the later tenant and the earlier one
   */
  public static void requireUnique(Collection<TenantIdentity> tenants) {
    Map<String, String> owner = new HashMap<>();
    for (TenantIdentity identity : tenants) {
      List<String> keys = new java.util.ArrayList<>(identity.apiKeys().stream().map(ApiKey::sha256).toList());
      keys.addAll(identity.publishableKeys());
      for (String key : keys) {
        String earlier = owner.putIfAbsent(key, identity.tenant());
        if (earlier != null) {
          throw problem(identity.tenant(), "a publishable or API key is the same as one of tenant " + earlier
              + "; each key belongs to one tenant");
        }
      }
    }
  }

  private static Optional<String> optionalText(String tenant, JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isMissingNode()) return Optional.empty();
    if (!value.isTextual() || value.asText().isBlank()) {
      throw problem(tenant, field + " must be a non-empty string, got " + JsonEntryList.describe(value));
    }
    return Optional.of(value.asText().trim());
  }

  private static IllegalArgumentException problem(String tenant, String message) {
    return new IllegalArgumentException("tenant " + tenant + ": " + message);
  }
}
