package io.parley.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.parley.core.session.MessageRules;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {
  static final String SECRET = "acme-hs256-secret-of-at-least-32-bytes";
  static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
  static final RSAKey RSA = rsaKey();

  private final IdentitySettings settings = new IdentitySettings("demo", TenantIdentityList.parse("""
      {"acme": {"issuer": "https://shop.acme.example", "audience": "parley", "hs256Secret": "%s",
                "apiKeys": [{"name": "desk", "sha256": "%s", "roles": ["agent"]}]},
       "globex": {"issuer": "https://id.globex.example", "audience": "parley-chat", "clockSkewSeconds": 30,
                  "jwks": {"keys": [%s]}, "apiKeys": [{"name": "cms", "sha256": "%s", "roles": ["admin"]}]}}
      """.formatted(SECRET, sha256Hex("acme-agent-key"), RSA.toPublicJWK().toJSONString(), sha256Hex("globex-admin-key"))));
  private final TokenVerifier verifier = new TokenVerifier(new TenantDirectory(settings), ProviderKeysTest.unread(), Clock.fixed(NOW, ZoneOffset.UTC));
  private final Authenticator authenticator = new Authenticator(new TenantDirectory(settings), verifier, ApiKeyStore.none(), Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void aValidHs256TokenNamesItsTenantAndUser() throws Exception {
    Caller caller = accepted(hs256(claims -> claims.subject("cust-42")));
    assertEquals(new Caller("acme", Optional.of("cust-42"), Set.of(Role.CUSTOMER), "token:cust-42"), caller);
  }

  @Test
  void aValidRs256TokenFindsItsTenantByIssuer() throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(RSA.getKeyID()).build(),
        globexClaims().subject("u-7").claim("roles", List.of("agent")).build());
    jwt.sign(new RSASSASigner(RSA));
    assertEquals(new Caller("globex", Optional.of("u-7"), Set.of(Role.AGENT), "token:u-7"), accepted(jwt.serialize()));
  }

  @Test
  void timeIsCheckedWithTheTenantsClockSkew() throws Exception {
    refused(hs256(claims -> claims.expirationTime(at(NOW.minusSeconds(61)))), "Expired");
    accepted(hs256(claims -> claims.expirationTime(at(NOW.minusSeconds(59)))));
    refused(hs256(claims -> claims.notBeforeTime(at(NOW.plusSeconds(120)))), "before use time");
    refused(hs256(claims -> claims.expirationTime(null)), "exp");
  }

  @Test
  void issuerAndAudienceMustBeTheTenants() throws Exception {
    refused(hs256(claims -> claims.audience("someone-else")), "aud");
    refused(hs256(claims -> claims.issuer("https://evil.example")), "iss");
  }

  @Test
  void unsignedForgedAndWrongAlgorithmTokensAreRefused() throws Exception {
    refused(new PlainJWT(acmeClaims().build()).serialize(), "not a signed JWT");
    String[] parts = hs256(UnaryOperator.identity()).split("\\.");
    String forgedBody = Base64URL.encode(acmeClaims().subject("admin").build().toString()).toString();
    refused(parts[0] + "." + forgedBody + "." + parts[2], "signature");
    // HS256 "signed" with the RSA public key as the secret (algorithm confusion): globex has no HS256 key.
    SignedJWT confused = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), globexClaims().build());
    confused.sign(new MACSigner(RSA.toPublicJWK().toRSAPublicKey().getEncoded()));
    refused(confused.serialize(), "no matching key");
    refused(signedWith("another-secret-that-is-32-bytes-long!", acmeClaims()), "signature");
  }

  @Test
  void hugeTokensAreRefusedBeforeParsing() {
    String huge = "eyJ" + "a".repeat(TokenVerifier.MAX_TOKEN_CHARS) + ".e30.sig";
    refused(huge, "longer than");
  }

  @Test
  void unknownTenantsAndRolesAreRefused() throws Exception {
    refused(hs256(claims -> claims.claim("tenant", "nope")), "accepts no tokens");
    refused(hs256(claims -> claims.claim("tenant", "globex")), "no matching key");
    refused(hs256(claims -> claims.claim("roles", List.of("operator"))), "roles");
    refused(hs256(claims -> claims.issuer("https://unknown.example").claim("tenant", null)), "names no tenant");
  }

  @Test
  void aSubjectLongerThanAnIdIsRefused() throws Exception {
    refused(hs256(claims -> claims.subject("u".repeat(MessageRules.MAX_ID_LENGTH + 1))), "sub is longer than");
    assertEquals(Optional.of("u".repeat(MessageRules.MAX_ID_LENGTH)),
        accepted(hs256(claims -> claims.subject("u".repeat(MessageRules.MAX_ID_LENGTH)))).userId());
  }

  @Test
  void apiKeysAreFoundByTheirHashAndCarryTheirTenantAndRoles() {
    Authentication desk = authenticator.authenticate(new Credential.Bearer("acme-agent-key"), Optional.empty());
    assertEquals(new Caller("acme", Optional.empty(), Set.of(Role.AGENT), "key:desk"),
        ((Authentication.Authenticated) desk).caller());
    // A key of globex presented for acme proves a globex caller; the policy then refuses acme.
    Caller globex = ((Authentication.Authenticated) authenticator.authenticate(
        new Credential.Bearer("globex-admin-key"), Optional.of("acme"))).caller();
    assertEquals("globex", globex.tenant());
    assertInstanceOf(Decision.Forbidden.class, AccessPolicy.mayActIn(globex, Optional.of("acme")));
    assertInstanceOf(Authentication.Refused.class,
        authenticator.authenticate(new Credential.Bearer("no-such-key"), Optional.empty()));
  }

  @Test
  void aRefusalIsRecordedInTheTenantTheCredentialClaimsOrTheRequestNamesWhenTheNodeKnowsIt() throws Exception {
    Authentication.Refused expired = (Authentication.Refused) authenticator.authenticate(new Credential.Bearer(
        hs256(claims -> claims.expirationTime(Date.from(NOW.minusSeconds(3600))))), Optional.of("globex"));
    assertEquals("acme", authenticator.tenantToAudit(expired.claimedTenant(), Optional.of("globex")), "the token's tenant first");
    Authentication.Refused unknownKey = (Authentication.Refused) authenticator.authenticate(
        new Credential.Bearer("no-such-key"), Optional.of("globex"));
    assertEquals("globex", authenticator.tenantToAudit(unknownKey.claimedTenant(), Optional.of("globex")));
    Authentication.Refused madeUp = (Authentication.Refused) authenticator.authenticate(new Credential.Bearer(
        hs256(claims -> claims.claim("tenant", "nope"))), Optional.of("nowhere"));
    assertEquals("demo", authenticator.tenantToAudit(madeUp.claimedTenant(), Optional.of("nowhere")),
        "made-up tenants get no log of their own: the default tenant's records the refusal");
  }

  @Test
  void onlyTheUnconfiguredDefaultTenantIsOpenWithoutACredential() {
    assertEquals(Caller.anonymous("demo"), ((Authentication.Authenticated) authenticator.authenticate(
        new Credential.None(), Optional.empty())).caller());
    assertInstanceOf(Authentication.Refused.class, authenticator.authenticate(new Credential.None(), Optional.of("acme")));
    assertInstanceOf(Authentication.Refused.class, authenticator.authenticate(new Credential.None(), Optional.of("nope")));
  }

  private Caller accepted(String token) {
    Authentication result = verifier.verify(token);
    assertInstanceOf(Authentication.Authenticated.class, result, result.toString());
    return ((Authentication.Authenticated) result).caller();
  }

  private void refused(String token, String reason) {
    Authentication result = verifier.verify(token);
    assertInstanceOf(Authentication.Refused.class, result);
    assertTrue(((Authentication.Refused) result).reason().contains(reason), result.toString());
  }

  private static String hs256(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
    return signedWith(SECRET, change.apply(acmeClaims()));
  }

  private static String signedWith(String secret, JWTClaimsSet.Builder claims) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims.build());
    JWSSigner signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static JWTClaimsSet.Builder acmeClaims() {
    return new JWTClaimsSet.Builder().issuer("https://shop.acme.example").audience("parley").claim("tenant", "acme")
        .expirationTime(at(NOW.plus(Duration.ofMinutes(10))));
  }

  private static JWTClaimsSet.Builder globexClaims() {
    return new JWTClaimsSet.Builder().issuer("https://id.globex.example").audience("parley-chat")
        .expirationTime(at(NOW.plus(Duration.ofMinutes(10))));
  }

  private static Date at(Instant instant) {
    return Date.from(instant);
  }

  static String sha256Hex(String key) {
    return HexFormat.of().formatHex(Sha256.of(key));
  }

  private static RSAKey rsaKey() {
    try {
      return new RSAKeyGenerator(2048).keyID("globex-1").generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
