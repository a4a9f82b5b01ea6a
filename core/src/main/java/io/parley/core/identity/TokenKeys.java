package io.parley.core.identity;

import com.nimbusds.jose.jwk.JWKSet;
import java.net.URL;
import java.time.Duration;
import java.util.Optional;

/**
 * How a tenant's tokens are verified: the issuer and audience they must name, and the keys that
 * sign them (an HS256 secret, public RS256/ES256 keys, or a JWKS URL; at least one).
 */
public record TokenKeys(
    String issuer, String audience, Optional<String> hs256Secret, Optional<JWKSet> publicKeys, Optional<URL> jwksUrl,
    Duration clockSkew) {

  @Override
  public String toString() {
    // Never the secret: settings end up in logs and error messages.
    return "TokenKeys[issuer=" + issuer + ", audience=" + audience + ", hs256=" + hs256Secret.isPresent()
        + ", publicKeys=" + publicKeys.map(keys -> keys.getKeys().size()).orElse(0) + ", jwksUrl=" + jwksUrl.orElse(null)
        + ", clockSkew=" + clockSkew + "]";
  }
}
