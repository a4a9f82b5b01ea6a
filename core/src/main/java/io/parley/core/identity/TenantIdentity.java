package io.parley.core.identity;

import java.util.List;
import java.util.Optional;

/**
 * How callers of one tenant prove who they are.
 *
 * @param tokens how its signed tokens are verified; empty: it accepts none
 * @param publishableKey the key a public help page embeds to chat anonymously; empty: no anonymous chat by key
 * @param openToAnonymous whether customers may chat with no credential at all (the quick start's default tenant)
 * @param apiKeys keys of its servers and staff
 * @param allowedOrigins the web pages (besides the node-wide {@code PARLEY_ALLOWED_ORIGINS}) that may
 *     open its chat and agent sockets, e.g. {@code https://www.acme.example}
 */
public record TenantIdentity(
    String tenant, Optional<TokenKeys> tokens, Optional<String> publishableKey, boolean openToAnonymous,
    List<ApiKey> apiKeys, List<String> allowedOrigins) {
  public TenantIdentity {
    apiKeys = List.copyOf(apiKeys);
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** The default tenant when nothing configures it: anonymous chat, as before identities existed. */
  static TenantIdentity open(String tenant) {
    return new TenantIdentity(tenant, Optional.empty(), Optional.empty(), true, List.of(), List.of());
  }

  @Override
  public String toString() {
    return "TenantIdentity[" + tenant + ", tokens=" + tokens + ", publishableKey=" + publishableKey.isPresent()
        + ", openToAnonymous=" + openToAnonymous + ", apiKeys=" + apiKeys.stream().map(ApiKey::name).toList()
        + ", allowedOrigins=" + allowedOrigins + "]";
  }
}
