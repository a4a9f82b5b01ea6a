package io.parley.http.rest.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.config.JsonEntryList;
import io.parley.core.identity.OidcProvider;
import io.parley.core.identity.Role;
import io.parley.core.identity.Sha256;
import io.parley.core.identity.StoredTenant;
import io.parley.core.identity.TenantIdentity;
import io.parley.core.identity.TokenKeys;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A tenant as {@code GET /v1/tenants} shows it: every setting but its keys and secret, of which it
 * says only whether they are set (a publishable key by its fingerprint, the first 12 hex digits of
 * its SHA-256, so that an operator rotating keys can tell which ones are still accepted).
 *
 * @param source {@code api}; {@code PARLEY_TENANTS} for a tenant configured there (which the API cannot
 *     change); {@code default} for the default tenant while nothing configures it (open to anonymous customers)
 */
public record TenantJson(String tenant, String source, boolean disabled, Optional<String> issuer, Optional<String> audience,
    boolean hs256SecretSet, boolean jwksSet, Optional<String> jwksUrl, Optional<Long> clockSkewSeconds,
    Optional<OidcProvider> oidc,
    List<PublishableKeyJson> publishableKeys, boolean anonymousWithoutKey, List<ApiKeyJson> apiKeys,
    List<String> allowedOrigins, Optional<Integer> retentionDays, Optional<Instant> updatedAt, Optional<String> updatedBy) {
  static final String API = "api";
  static final String CONFIGURED = "PARLEY_TENANTS";
  static final String DEFAULT = "default";

  record PublishableKeyJson(String fingerprint) {}

  record ApiKeyJson(String name, List<String> roles) {}

  static TenantJson of(TenantIdentity identity, Optional<StoredTenant> stored, boolean configured) {
    Optional<TokenKeys> keys = identity.tokens();
    Optional<StoredTenant> fromApi = stored.filter(tenant -> !configured);
    String source = configured ? CONFIGURED : fromApi.isPresent() ? API : DEFAULT;
    return new TenantJson(identity.tenant(), source, identity.disabled(),
        keys.map(TokenKeys::issuer), keys.map(TokenKeys::audience),
        keys.flatMap(TokenKeys::hs256Secret).isPresent(), keys.flatMap(TokenKeys::publicKeys).isPresent(),
        keys.flatMap(TokenKeys::jwksUrl).map(Object::toString), keys.map(k -> k.clockSkew().toSeconds()),
        identity.oidc(),
        identity.publishableKeys().stream().map(key -> new PublishableKeyJson(fingerprint(key))).toList(),
        identity.openToAnonymous(),
        identity.apiKeys().stream()
            .map(key -> new ApiKeyJson(key.name(), key.roles().stream().map(Role::wireName).sorted().toList())).toList(),
        identity.allowedOrigins(),
        fromApi.map(tenant -> JsonEntryList.readTree(tenant.document()).path("retentionDays"))
            .filter(JsonNode::isInt).map(JsonNode::asInt),
        fromApi.map(StoredTenant::updatedAt), fromApi.map(StoredTenant::updatedBy));
  }

  public static String fingerprint(String key) {
    return HexFormat.of().formatHex(Sha256.of(key)).substring(0, 12);
  }

  record TenantsJson(List<TenantJson> tenants) {}

}
