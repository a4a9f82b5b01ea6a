package io.parley.core.identity.staff;

import io.parley.core.identity.Sha256;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A random secret handed out once (a session's cookie, a setup or invitation link) of which only
 * the SHA-256 is stored: 256 random bits in base64url, safe in a URL fragment and a cookie.
 */
public record LinkSecret(String secret) {
  public static LinkSecret random(SecureRandom random) {
    byte[] bits = new byte[32];
    random.nextBytes(bits);
    return new LinkSecret(Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
  }

  /** What is stored in place of the secret, and looked up by. */
  public String sha256() {
    return sha256Of(secret);
  }

  public static String sha256Of(String secret) {
    return HexFormat.of().formatHex(Sha256.of(secret));
  }

  @Override
  public String toString() {
    return "LinkSecret[redacted]";
  }
}
