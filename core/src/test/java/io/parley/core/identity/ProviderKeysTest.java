package io.parley.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.parley.core.testing.SteppedClock;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Tokens of issuers whose keys live with a provider (an OpenID Connect provider's {@code jwks_uri},
 * a tenant's {@code jwksUrl}): checked without ever waiting for the provider, refused at once while
 * its keys are read or after it failed, and accepted once they are known. Reads end by hand.
 */
class ProviderKeysTest {
  static final ProviderFetchSettings SETTINGS = new ProviderFetchSettings(Duration.ofSeconds(10),
      Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofSeconds(30));
  private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
  private static final String ISSUER = "https://login.acme.example";
  private static final String JWKS_URI = ISSUER + "/keys";
  private static final String SHOP = "https://shop.globex.example";
  private static final String SHOP_KEYS = SHOP + "/jwks.json";
  private static final RSAKey STAFF_KEY = rsaKey("staff-1");
  private static final RSAKey ROTATED_KEY = rsaKey("staff-2");
  private static final RSAKey SHOP_KEY = rsaKey("shop-1");

  private final SteppedClock clock = new SteppedClock(NOW);
  private final ManualReads<String, OidcDiscovery> discoveries = new ManualReads<>();
  private final ManualReads<String, JWKSet> keySets = new ManualReads<>();
  private final AtomicInteger refusedWithoutKeys = new AtomicInteger();
  private final ProviderKeys keys = new ProviderKeys(discoveries, keySets, SETTINGS, new ProviderFetches() {
    @Override
    public void read(Document document, Outcome outcome) {}

    @Override
    public void refusedWithoutKeys() {
      refusedWithoutKeys.incrementAndGet();
    }
  }, clock);
  private final TenantDirectory tenants = new TenantDirectory(new IdentitySettings("demo", TenantIdentityList.parse("""
      {"acme": {"oidc": {"issuer": "%s", "clientId": "parley-console"}},
       "globex": {"issuer": "%s", "audience": "parley", "jwksUrl": "%s"}}
      """.formatted(ISSUER, SHOP, SHOP_KEYS))));
  private final TokenVerifier verifier = new TokenVerifier(tenants, keys, clock);

  /** Provider keys for tests whose tenants publish none: reads that never end. */
  static ProviderKeys unread() {
    return new ProviderKeys(new ManualReads<>(), new ManualReads<>(), SETTINGS, ProviderFetches.none(), Clock.systemUTC());
  }

  @Test
  void aStaffTokenIsRefusedAtOnceWhileTheProvidersKeysAreReadThenAccepted() throws Exception {
    for (int i = 0; i < 50; i++) {
      assertEquals(new Authentication.Refused(KnownKeys.READING, Optional.of("acme"), Optional.of(Duration.ofSeconds(1))),
          verifier.verify(staffToken(STAFF_KEY)));
    }
    assertEquals(1, discoveries.started(ISSUER), "one read of the provider, however many tokens");
    assertEquals(50, refusedWithoutKeys.get());
    discoveries.answer(ISSUER, discovery());
    assertEquals(1, keySets.started(JWKS_URI), "the keys are read as soon as the document says where");
    assertEquals(KnownKeys.READING, refused(staffToken(STAFF_KEY)).reason());
    keySets.answer(JWKS_URI, new JWKSet(STAFF_KEY.toPublicJWK()));

    assertEquals(new Caller("acme", Optional.of("dana"), Set.of(Role.AGENT), "token:dana"), accepted(staffToken(STAFF_KEY)));
    Authentication.Refused forged = refused(forged(staffToken(STAFF_KEY)));
    assertTrue(forged.reason().contains("signature"), forged.reason());
    assertEquals(Optional.empty(), forged.retryAfter(), "a bad signature is refused for good");
  }

  @Test
  void aProviderThatCannotBeReadRefusesItsTokensAtOnceUntilItsBackoffEnds() throws Exception {
    verifier.verify(staffToken(STAFF_KEY));
    discoveries.fail(ISSUER, new IOException("connect timed out"));
    Authentication.Refused unreadable = refused(staffToken(STAFF_KEY));
    assertEquals(KnownKeys.UNREADABLE, unreadable.reason(), "the provider's failure is logged, not told to callers");
    assertEquals(Optional.of(Duration.ofSeconds(5)), unreadable.retryAfter());
    clock.advance(Duration.ofSeconds(4));
    assertEquals(Optional.of(Duration.ofSeconds(1)), refused(staffToken(STAFF_KEY)).retryAfter());
    assertEquals(1, discoveries.started(ISSUER));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(KnownKeys.READING, refused(staffToken(STAFF_KEY)).reason());
    assertEquals(2, discoveries.started(ISSUER));
  }

  @Test
  void aTokenSignedWithAKeyJustRotatedInHasTheKeysReadAgain() throws Exception {
    verifier.verify(staffToken(STAFF_KEY));
    discoveries.answer(ISSUER, discovery());
    keySets.answer(JWKS_URI, new JWKSet(STAFF_KEY.toPublicJWK()));
    accepted(staffToken(STAFF_KEY));
    clock.advance(Duration.ofSeconds(30));

    assertEquals(KnownKeys.READING, refused(staffToken(ROTATED_KEY)).reason());
    assertEquals(2, keySets.started(JWKS_URI));
    accepted(staffToken(STAFF_KEY));
    keySets.answer(JWKS_URI, new JWKSet(List.of(STAFF_KEY.toPublicJWK(), ROTATED_KEY.toPublicJWK())));
    accepted(staffToken(ROTATED_KEY));

    Authentication.Refused madeUp = refused(staffToken(rsaKey("made-up")));
    assertTrue(madeUp.reason().contains("no matching key"), "read less than 30 s ago: not again; " + madeUp.reason());
    assertEquals(2, keySets.started(JWKS_URI));
  }

  @Test
  void aTenantsJwksUrlIsReadTheSameWay() throws Exception {
    assertEquals(new Authentication.Refused(KnownKeys.READING, Optional.of("globex"), Optional.of(Duration.ofSeconds(1))),
        verifier.verify(customerToken()));
    assertEquals(1, keySets.started(SHOP_KEYS));
    keySets.answer(SHOP_KEYS, new JWKSet(SHOP_KEY.toPublicJWK()));
    assertEquals(new Caller("globex", Optional.of("cust-7"), Set.of(Role.CUSTOMER), "token:cust-7"), accepted(customerToken()));
  }

  @Test
  void aReloadOfTheDirectoryStartsReadingWhatItsTenantsNeed() throws Exception {
    tenants.onReloaded(keys::prefetch);
    tenants.reload(new NoStoredTenants());
    tenants.reload(new NoStoredTenants());
    assertEquals(1, discoveries.started(ISSUER));
    assertEquals(1, keySets.started(SHOP_KEYS));
    discoveries.answer(ISSUER, discovery());
    assertEquals(1, keySets.started(JWKS_URI));
  }

  @Test
  void theSignInPageGetsTheDocumentWhenTheReadUnderWayEnds() throws Exception {
    CompletableFuture<OidcDiscovery> waiting = keys.discovery(ISSUER).toCompletableFuture();
    assertFalse(waiting.isDone());
    discoveries.answer(ISSUER, discovery());
    assertEquals(discovery(), waiting.join());
  }

  private Caller accepted(String token) {
    Authentication result = verifier.verify(token);
    assertInstanceOf(Authentication.Authenticated.class, result, result.toString());
    return ((Authentication.Authenticated) result).caller();
  }

  private Authentication.Refused refused(String token) {
    Authentication result = verifier.verify(token);
    assertInstanceOf(Authentication.Refused.class, result);
    return (Authentication.Refused) result;
  }

  private static OidcDiscovery discovery() throws Exception {
    return new OidcDiscovery(ISSUER, ISSUER + "/authorize", ISSUER + "/token", Optional.empty(), URI.create(JWKS_URI).toURL());
  }

  private static String staffToken(RSAKey key) throws Exception {
    return signed(key, new JWTClaimsSet.Builder().issuer(ISSUER).audience("parley-console").subject("dana")
        .claim("roles", List.of("agent")).expirationTime(Date.from(NOW.plusSeconds(600))).build());
  }

  private static String customerToken() throws Exception {
    return signed(SHOP_KEY, new JWTClaimsSet.Builder().issuer(SHOP).audience("parley").subject("cust-7")
        .expirationTime(Date.from(NOW.plusSeconds(600))).build());
  }

  private static String signed(RSAKey key, JWTClaimsSet claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
    jwt.sign(new RSASSASigner(key));
    return jwt.serialize();
  }

  /** The token with its signature's last characters changed. */
  private static String forged(String token) {
    return token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
  }

  private static RSAKey rsaKey(String id) {
    try {
      return new RSAKeyGenerator(2048).keyID(id).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class NoStoredTenants implements TenantStore {
    @Override
    public List<StoredTenant> all() {
      return List.of();
    }

    @Override
    public boolean create(StoredTenant tenant, List<String> publishableKeys) {
      throw new UnsupportedOperationException();
    }

    @Override
    public boolean replace(StoredTenant tenant, List<String> publishableKeys) {
      throw new UnsupportedOperationException();
    }
  }
}
