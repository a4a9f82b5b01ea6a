package io.parley.core.identity;

import com.nimbusds.jwt.SignedJWT;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;

/**
 * A credential in the URL ({@code ?token=}): proxies, access logs and browser histories keep URLs,
 * so it is accepted only where a browser can send it nowhere else, the WebSocket upgrade, and there
 * only as a signed token that expires soon, never as an API key, which lives until it is revoked.
 * A socket client that can set a header, or the subprotocol {@code bearer.<credential>} (a browser
 * can), sends any credential there instead.
 */
public final class UrlToken {
  /** How long after the upgrade a token in its URL may still be valid, and a minute for clocks that differ. */
  public static final Duration MAX_LIFETIME = Duration.ofHours(1);
  private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

  /** Why {@code ?token=} is refused on a REST request, whatever it holds. */
  public static final String REFUSED_ON_REST = "a credential in the URL (?token=) is refused on REST: proxies, logs "
      + "and browser histories keep URLs; send it in the header Authorization: Bearer <credential>";

  private UrlToken() {}

  /**
   * Why {@code value}, the {@code ?token=} of a WebSocket upgrade at {@code now}, is refused; empty
   * when it may be checked as a credential. Its expiry is read before its signature is checked: a
   * forged token that passes here is refused by the {@link TokenVerifier} all the same.
   */
  public static Optional<String> refusalOnSocket(String value, Instant now) {
    if (!TokenVerifier.looksLikeToken(value)) {
      return Optional.of("an API key is never accepted in the URL (?token=), where proxies and browser histories "
          + "keep it: send it as the subprotocol bearer.<key>, or in the header Authorization: Bearer <key>");
    }
    Optional<Instant> expiry = expiry(value);
    if (expiry.isPresent() && expiry.get().isAfter(now.plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
      return Optional.of("a token in the URL (?token=) must expire within " + MAX_LIFETIME.toMinutes()
          + " minutes, as proxies and browser histories keep URLs: send a longer-lived one as the subprotocol "
          + "bearer.<token>");
    }
    return Optional.empty();
  }

  /** The token's {@code exp}, unverified; none when it has none, is too long or is no signed token (the verifier says why). */
  private static Optional<Instant> expiry(String token) {
    if (token.length() > TokenVerifier.MAX_TOKEN_CHARS) return Optional.empty();
    try {
      return Optional.ofNullable(SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime()).map(Date::toInstant);
    } catch (ParseException e) {
      return Optional.empty();
    }
  }
}
