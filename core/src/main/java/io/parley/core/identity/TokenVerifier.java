package io.parley.core.identity;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.parley.core.session.MessageRules;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Verifies signed tokens (JWT) with Nimbus JOSE+JWT against the keys of the tenant the token
 * names: its {@code tenant} claim, or else the one tenant whose issuer is its {@code iss}. The
 * signature, {@code exp} (required), {@code nbf}, {@code iss} and {@code aud} are checked with the
 * tenant's clock skew; only the algorithms of its configured keys are accepted, so {@code alg:
 * none} and an HS256 token "signed" with an RSA public key are refused. The size is bounded
 * before anything is parsed. A token whose {@code iss} is the tenant's OpenID Connect provider
 * ({@link OidcProvider}) is an ID token of a signed-in agent or admin: its audience is the console's
 * client id, its keys those the provider publishes, and its roles those of the provider's roles
 * claim that are {@code agent} or {@code admin}. Keys that live with a provider (its discovery
 * document's {@code jwks_uri}, a tenant's {@code jwksUrl}) are those {@link ProviderKeys} knows
 * now: checking a token never waits for the network, and a token whose issuer's keys are not known
 * yet is refused at once, saying when to try again.
 */
public final class TokenVerifier {
  public static final int MAX_TOKEN_CHARS = 8192;
  public static final String TENANT_CLAIM = "tenant";
  public static final String ROLES_CLAIM = "roles";
  private static final Pattern JWT_FORM = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");

  /** A tenant's processor, kept while its keys (a {@link TokenKeys} or {@link OidcProvider}) are the same. */
  private record Processor(Object keys, DefaultJWTProcessor<SecurityContext> processor) {}

  private final TenantDirectory tenants;
  private final ProviderKeys providerKeys;
  private final Clock clock;
  private final Map<String, Processor> processors = new ConcurrentHashMap<>();
  private final Map<String, Processor> providers = new ConcurrentHashMap<>();

  public TokenVerifier(TenantDirectory tenants, ProviderKeys providerKeys, Clock clock) {
    this.tenants = tenants;
    this.providerKeys = providerKeys;
    this.clock = clock;
  }

  /** Whether {@code credential} has the form of a JWT (three base64url parts), rather than that of an API key. */
  public static boolean looksLikeToken(String credential) {
    return JWT_FORM.matcher(credential).matches();
  }

  public Authentication verify(String token) {
    if (token.length() > MAX_TOKEN_CHARS) {
      return new Authentication.Refused("the token is longer than " + MAX_TOKEN_CHARS + " characters");
    }
    SignedJWT jwt;
    JWTClaimsSet unverified;
    try {
      jwt = SignedJWT.parse(token);
      unverified = jwt.getJWTClaimsSet();
    } catch (ParseException e) {
      return new Authentication.Refused("the token is not a signed JWT");
    }
    Optional<String> tenant = tenantOf(unverified);
    if (tenant.isEmpty()) {
      return new Authentication.Refused("the token names no tenant this node knows (claim \"tenant\", or an iss of one tenant)");
    }
    Optional<TenantIdentity> identity = tenants.find(tenant.get());
    Optional<OidcProvider> provider = identity.flatMap(TenantIdentity::oidc)
        .filter(oidc -> oidc.issuer().equals(unverified.getIssuer()));
    if (provider.isPresent()) return signedIn(tenant.get(), provider.get(), jwt);
    Optional<TokenKeys> keys = identity.flatMap(TenantIdentity::tokens);
    if (keys.isEmpty()) return new Authentication.Refused("tenant '" + tenant.get() + "' accepts no tokens here", tenant);
    JWTClaimsSet claims;
    try {
      claims = processorOf(processors, tenant.get(), keys.get(), () -> processor(keys.get())).process(jwt, null);
    } catch (KeysNotKnown e) {
      return new Authentication.Refused(e.getMessage(), tenant, Optional.of(e.retryAfter()));
    } catch (BadJOSEException | JOSEException e) {
      return new Authentication.Refused("the token was refused: " + e.getMessage(), tenant);
    }
    return caller(tenant.get(), claims, roles(claims),
        "the token's roles claim must list customer, agent or admin");
  }

  /** An ID token of the tenant's OpenID Connect provider: staff only, so it must grant agent or admin. */
  private Authentication signedIn(String tenant, OidcProvider provider, SignedJWT jwt) {
    JWTClaimsSet claims;
    try {
      claims = processorOf(providers, tenant, provider, () -> processor(provider)).process(jwt, null);
    } catch (KeysNotKnown e) {
      return new Authentication.Refused(e.getMessage(), Optional.of(tenant), Optional.of(e.retryAfter()));
    } catch (BadJOSEException | JOSEException e) {
      return new Authentication.Refused("the token was refused: " + e.getMessage(), Optional.of(tenant));
    }
    if (claims.getSubject() == null) {
      return new Authentication.Refused("the provider's token names nobody (no sub)", Optional.of(tenant));
    }
    return caller(tenant, claims, staffRoles(claims, provider.rolesClaim()),
        "the token's " + provider.rolesClaim() + " claim grants neither agent nor admin");
  }

  private static Authentication caller(String tenant, JWTClaimsSet claims, Optional<Set<Role>> roles, String noRoles) {
    // The subject becomes the owner of the caller's sessions, stored with each one's data key.
    if (claims.getSubject() != null && claims.getSubject().length() > MessageRules.MAX_ID_LENGTH) {
      return new Authentication.Refused("the token's sub is longer than " + MessageRules.MAX_ID_LENGTH + " characters",
          Optional.of(tenant));
    }
    return roles.<Authentication>map(granted ->
            new Authentication.Authenticated(Caller.ofToken(tenant, Optional.ofNullable(claims.getSubject()), granted)))
        .orElseGet(() -> new Authentication.Refused(noRoles, Optional.of(tenant)));
  }

  private Optional<String> tenantOf(JWTClaimsSet claims) {
    try {
      String named = claims.getStringClaim(TENANT_CLAIM);
      if (named != null) return Optional.of(named);
    } catch (ParseException e) {
      return Optional.empty();
    }
    List<String> byIssuer = tenants.all().stream()
        .filter(identity -> identity.tokens().filter(keys -> keys.issuer().equals(claims.getIssuer())).isPresent()
            || identity.oidc().filter(oidc -> oidc.issuer().equals(claims.getIssuer())).isPresent())
        .map(TenantIdentity::tenant).toList();
    return byIssuer.size() == 1 ? Optional.of(byIssuer.get(0)) : Optional.empty();
  }

  /** The tenant's directory entry keeps its keys while unchanged, so identity is enough to reuse a processor. */
  private static DefaultJWTProcessor<SecurityContext> processorOf(Map<String, Processor> cache, String tenant, Object keys,
      Supplier<DefaultJWTProcessor<SecurityContext>> made) {
    return cache.compute(tenant, (name, known) -> known != null && known.keys() == keys ? known
        : new Processor(keys, made.get())).processor();
  }

  /** The values of the provider's roles claim (a list, or one string) that name agent or admin; empty: neither. */
  private static Optional<Set<Role>> staffRoles(JWTClaimsSet claims, String rolesClaim) {
    Object value = claims.getClaim(rolesClaim);
    List<?> names = value instanceof List<?> list ? list : value == null ? List.of() : List.of(value);
    Set<Role> roles = new HashSet<>();
    for (Object name : names) {
      Role.fromWireName(String.valueOf(name)).filter(r -> r == Role.AGENT || r == Role.ADMIN).ifPresent(roles::add);
    }
    return roles.isEmpty() ? Optional.empty() : Optional.of(roles);
  }

  /** The roles the token grants; customer when it names none; empty when it names one a token cannot grant. */
  private static Optional<Set<Role>> roles(JWTClaimsSet claims) {
    List<String> names;
    try {
      names = claims.getStringListClaim(ROLES_CLAIM);
    } catch (ParseException e) {
      return Optional.empty();
    }
    if (names == null) return Optional.of(Set.of(Role.CUSTOMER));
    Set<Role> roles = new HashSet<>();
    for (String name : names) {
      Optional<Role> role = Role.fromWireName(name).filter(r -> r != Role.OPERATOR);
      if (role.isEmpty()) return Optional.empty();
      roles.add(role.get());
    }
    return roles.isEmpty() ? Optional.empty() : Optional.of(roles);
  }

  private DefaultJWTProcessor<SecurityContext> processor(OidcProvider provider) {
    JWKSource<SecurityContext> keys = providerKeys.ofIssuer(provider.issuer());
    return processor(Map.of(
            JWSAlgorithm.RS256, new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys),
            JWSAlgorithm.ES256, new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys)),
        provider.issuer(), provider.clientId(), TenantIdentityList.DEFAULT_CLOCK_SKEW_SECONDS, clock);
  }

  private DefaultJWTProcessor<SecurityContext> processor(TokenKeys keys) {
    Map<JWSAlgorithm, JWSKeySelector<SecurityContext>> selectors = new HashMap<>();
    keys.hs256Secret().ifPresent(secret -> selectors.put(JWSAlgorithm.HS256, new JWSVerificationKeySelector<>(
        JWSAlgorithm.HS256, new ImmutableSecret<>(secret.getBytes(StandardCharsets.UTF_8)))));
    Optional<JWKSource<SecurityContext>> publicKeys = keys.publicKeys()
        .<JWKSource<SecurityContext>>map(ImmutableJWKSet::new)
        .or(() -> keys.jwksUrl().map(providerKeys::at));
    publicKeys.ifPresent(source -> {
      selectors.put(JWSAlgorithm.RS256, new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source));
      selectors.put(JWSAlgorithm.ES256, new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, source));
    });
    return processor(selectors, keys.issuer(), keys.audience(), (int) keys.clockSkew().toSeconds(), clock);
  }

  private static DefaultJWTProcessor<SecurityContext> processor(Map<JWSAlgorithm, JWSKeySelector<SecurityContext>> selectors,
      String issuer, String audience, int clockSkewSeconds, Clock clock) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    // An algorithm without a key of this tenant selects no key: the token is refused.
    processor.setJWSKeySelector((header, context) -> {
      JWSKeySelector<SecurityContext> selector = selectors.get(header.getAlgorithm());
      return selector == null ? List.of() : selector.selectJWSKeys(header, context);
    });
    // Mutable sets: Nimbus asks them whether they contain null, which Set.of answers with an exception.
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(new HashSet<>(List.of(audience)),
        new JWTClaimsSet.Builder().issuer(issuer).build(), new HashSet<>(List.of("exp", "iss", "aud")), null) {
      @Override
      protected Date currentTime() {
        return Date.from(clock.instant());
      }
    };
    claims.setMaxClockSkew(clockSkewSeconds);
    processor.setJWTClaimsSetVerifier(claims);
    return processor;
  }
}
