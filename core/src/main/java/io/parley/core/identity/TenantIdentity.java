package io.parley.core.identity;

import java.util.List;
import java.util.Optional;

/**
 * How callers of one tenant prove who they are.
 *
 * @param tokens how its signed tokens are verified; empty: it accepts none
 * @param oidc the OpenID Connect provider its agents and admins sign in to the console with, if any
 * @param publishableKeys the keys a public help page embeds to chat anonymously, each accepted until removed
 *     (several while one is rotated out); none: no anonymous chat by key
 * @param openToAnonymous whether customers may chat with no credential at all (the quick start's default tenant)
 * @param apiKeys keys of its servers and staff
 * @param allowedOrigins the web pages (besides the node-wide {@code PARLEY_ALLOWED_ORIGINS}) that may
 *     open its chat and agent sockets, e.g. {@code https://www.acme.example}
 * @param disabled its sockets are closed and its requests refused; its data is kept
 */
public record TenantIdentity(
    String tenant, Optional<TokenKeys> tokens, Optional<OidcProvider> oidc, List<String> publishableKeys, boolean openToAnonymous,
    List<ApiKey> apiKeys, List<String> allowedOrigins, boolean disabled) {
  public TenantIdentity {
    publishableKeys = List.copyOf(publishableKeys);
    apiKeys = List.copyOf(apiKeys);
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** The default tenant when nothing configures it: anonymous chat, as before identities existed. */
  static TenantIdentity open(String tenant) {
    return new TenantIdentity(tenant, Optional.empty(), Optional.empty(), List.of(), true, List.of(), List.of(), false);
  }

  @Override
  public String toString() {
    return "TenantIdentity[" + tenant + ", tokens=" + tokens + ", oidc=" + oidc + ", publishableKeys=" + publishableKeys.size()
        + ", openToAnonymous=" + openToAnonymous + ", apiKeys=" + apiKeys.stream().map(ApiKey::name).toList()
        + ", allowedOrigins=" + allowedOrigins + ", disabled=" + disabled + "]";
  }
}
