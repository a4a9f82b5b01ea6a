package io.parley.core.identity;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import io.parley.core.net.OutboundHttp;
import java.io.IOException;
import java.util.List;

/**
 * The signing keys of an OpenID Connect provider, found through its discovery document when the
 * first token is checked (not when the tenant is read: a provider down at start-up must not stop the
 * node), then cached and refreshed by Nimbus's JWKS source.
 */
final class DiscoveredKeys implements JWKSource<SecurityContext> {
  private final OidcProvider provider;
  private final OutboundHttp http;
  private volatile JWKSource<SecurityContext> keys;

  DiscoveredKeys(OidcProvider provider, OutboundHttp http) {
    this.provider = provider;
    this.http = http;
  }

  @Override
  public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
    JWKSource<SecurityContext> known = keys;
    if (known == null) {
      try {
        known = JWKSourceBuilder.<SecurityContext>create(OidcDiscovery.of(provider, http).jwksUri(),
            ProviderDocuments.keys(http)).build();
      } catch (IOException e) {
        throw new KeySourceException("the provider's keys could not be found: " + e.getMessage(), e);
      }
      keys = known;
    }
    return known.get(selector, context);
  }
}
