package io.parley.core.identity;

/**
 * A tenant's OpenID Connect provider, through which its agents and admins sign in to the console:
 * nothing secret, as the console is a public client (authorization code with PKCE, no client secret).
 *
 * @param issuer the provider's issuer, whose {@code /.well-known/openid-configuration} says the rest
 * @param clientId the console's client at the provider: the audience of the ID tokens it gets
 * @param rolesClaim the claim of the ID token listing the signed-in person's roles; its values
 *     {@code agent} and {@code admin} are granted, others ignored
 */
public record OidcProvider(String issuer, String clientId, String rolesClaim) {
  public static final String DEFAULT_ROLES_CLAIM = "roles";
}
