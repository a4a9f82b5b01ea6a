package io.parley.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UrlTokenTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

  @Test
  void aTokenThatExpiresWithinTheHourMayBeInTheUrl() throws Exception {
    assertEquals(Optional.empty(), UrlToken.refusalOnSocket(expiringIn(Duration.ofMinutes(15)), NOW));
    assertEquals(Optional.empty(), UrlToken.refusalOnSocket(expiringIn(Duration.ofMinutes(61)), NOW),
        "a minute for the issuer's clock");
    assertEquals(Optional.empty(), UrlToken.refusalOnSocket(expiringIn(Duration.ofMinutes(-5)), NOW),
        "an expired token is the verifier's to refuse, with its own reason");
  }

  @Test
  void aLongLivedTokenIsRefusedThereAndSentToTheSubprotocol() throws Exception {
    String refusal = UrlToken.refusalOnSocket(expiringIn(Duration.ofDays(30)), NOW).orElseThrow();
    assertEquals("a token in the URL (?token=) must expire within 60 minutes, as proxies and browser histories keep "
        + "URLs: send a longer-lived one as the subprotocol bearer.<token>", refusal);
    assertTrue(UrlToken.refusalOnSocket(expiringIn(Duration.ofMinutes(62)), NOW).isPresent());
  }

  @Test
  void anApiKeyIsNeverAcceptedInTheUrl() {
    String refusal = UrlToken.refusalOnSocket("sk_Qm9vZ2llLXdvb2dpZS1ib29naWUtd29vZ2ll", NOW).orElseThrow();
    assertTrue(refusal.startsWith("an API key is never accepted in the URL (?token=)"), refusal);
    assertTrue(refusal.contains("bearer.<key>") && refusal.contains("Authorization: Bearer"), refusal);
  }

  @Test
  void whatIsNoSignedTokenIsLeftToTheVerifier() {
    assertEquals(Optional.empty(), UrlToken.refusalOnSocket("not.a.token", NOW));
    assertEquals(Optional.empty(), UrlToken.refusalOnSocket("a".repeat(TokenVerifier.MAX_TOKEN_CHARS) + ".b.c", NOW));
  }

  private static String expiringIn(Duration left) throws Exception {
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer("https://shop.acme.example").audience("parley")
        .claim("tenant", "acme").expirationTime(Date.from(NOW.plus(left))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    jwt.sign(new MACSigner("3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".getBytes(StandardCharsets.UTF_8)));
    return jwt.serialize();
  }
}
