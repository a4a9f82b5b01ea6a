package io.parley.core.identity;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import io.parley.core.net.OutboundHttp;
import java.net.URL;
import java.time.Clock;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The keys that tokens of remote issuers are checked with, and the discovery documents of the
 * tenants' OpenID Connect providers, read off the threads that serve requests and kept
 * ({@link ProviderDocuments}): a slow or unreachable provider costs its own tenant's tokens a quick
 * refusal, and nobody else anything. An OpenID Connect provider's keys are those of the
 * {@code jwks_uri} of its discovery document, read as soon as the document is; a tenant's
 * {@code jwksUrl} is read directly. One of these serves the whole node, so that tenants naming the
 * same issuer or key set share its reads.
 */
public final class ProviderKeys {
  private final ProviderDocuments<String, OidcDiscovery> discoveries;
  private final ProviderDocuments<String, JWKSet> keySets;
  private final ProviderFetches outcomes;
  private final Clock clock;

  /**
   * {@code discover} and {@code readKeys} start the reads of an issuer's discovery document and of
   * the key set at a URL, and return at once.
   */
  ProviderKeys(Function<String, CompletableFuture<OidcDiscovery>> discover, Function<String, CompletableFuture<JWKSet>> readKeys,
      ProviderFetchSettings settings, ProviderFetches outcomes, Clock clock) {
    this.keySets = new ProviderDocuments<>(ProviderFetches.Document.KEYS, readKeys, settings, outcomes, clock);
    // The keys are what tokens need: read them as soon as the document says where they are.
    this.discoveries = new ProviderDocuments<>(ProviderFetches.Document.DISCOVERY, issuer -> discover.apply(issuer)
        .thenApply(discovery -> {
          keySets.lookup(discovery.jwksUri().toString());
          return discovery;
        }), settings, outcomes, clock);
    this.outcomes = outcomes;
    this.clock = clock;
  }

  /**
   * Reads providers through {@code http} (only at the addresses the outbound policy allows, no
   * redirect followed), each read on a virtual thread of its own and bounded by {@code settings}' timeout.
   */
  public static ProviderKeys overHttp(OutboundHttp http, ProviderFetchSettings settings, ProviderFetches outcomes,
      Clock clock) {
    ResourceRetriever retriever = ProviderReads.retriever(http, settings.timeout());
    return new ProviderKeys(
        ProviderReads.bounded(issuer -> OidcDiscovery.of(issuer, retriever), settings.timeout()),
        ProviderReads.bounded(url -> ProviderReads.keySet(retriever, url), settings.timeout()),
        settings, outcomes, clock);
  }

  /** The keys of the OpenID Connect provider {@code issuer}, found through its discovery document. */
  JWKSource<SecurityContext> ofIssuer(String issuer) {
    return new KnownKeys(() -> keysOf(issuer), () -> switch (discoveries.lookup(issuer)) {
      case ProviderDocuments.Lookup.Known<OidcDiscovery> known -> keySets.refresh(known.document().jwksUri().toString());
      // Being read, or not readable: no key set to read again yet.
      default -> false;
    }, outcomes, clock);
  }

  /** The keys of the JWK set at {@code url}, a tenant's {@code jwksUrl}. */
  JWKSource<SecurityContext> at(URL url) {
    String key = url.toString();
    return new KnownKeys(() -> keySets.lookup(key), () -> keySets.refresh(key), outcomes, clock);
  }

  /**
   * The discovery document of the provider {@code issuer}: at once when known, else when the read
   * under way ends; failed at once while the provider is left alone after a failed read.
   */
  public CompletionStage<OidcDiscovery> discovery(String issuer) {
    return discoveries.document(issuer);
  }

  /**
   * Starts reading what {@code tenants} need that is not known yet (or kept long enough), so that
   * their first tokens find their keys; returns at once.
   */
  public void prefetch(Collection<TenantIdentity> tenants) {
    for (TenantIdentity tenant : tenants) {
      tenant.oidc().ifPresent(provider -> keysOf(provider.issuer()));
      tenant.tokens().flatMap(TokenKeys::jwksUrl).ifPresent(url -> keySets.lookup(url.toString()));
    }
  }

  private ProviderDocuments.Lookup<JWKSet> keysOf(String issuer) {
    return switch (discoveries.lookup(issuer)) {
      case ProviderDocuments.Lookup.Known<OidcDiscovery> known -> keySets.lookup(known.document().jwksUri().toString());
      case ProviderDocuments.Lookup.Reading<OidcDiscovery> reading -> new ProviderDocuments.Lookup.Reading<>();
      case ProviderDocuments.Lookup.Unreadable<OidcDiscovery> unreadable ->
          new ProviderDocuments.Lookup.Unreadable<>(unreadable.reason(), unreadable.retryAt());
    };
  }
}
