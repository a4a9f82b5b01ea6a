package io.parley.core.phone;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest authentication of SIP requests (RFC 3261 §22 with RFC 2617's MD5 and {@code qop=auth}).
 * Nonces are not stored: each is its issue time signed with this node's secret, so any nonce
 * this node gave out in the last {@link #NONCE_LIFETIME} is recognised, an older one is stale (the
 * caller retries at once with a new one, without asking its user), and anything else is unknown.
 * Within its lifetime a nonce may be used again, as RFC 2617 allows; the credentials only hold for
 * the method and URI they were computed for. Thread-safe; given the time, so tested without sleeping.
 */
public final class DigestAuthentication {
  /** How long a nonce is good for: a caller answers its challenge at once. */
  public static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);

  /** How a request's credentials hold up. */
  public enum Verdict {
    /** The digest is right, for a fresh nonce of ours. */
    ACCEPTED,
    /** The digest is right but the nonce is too old: challenge again with {@code stale=true}. */
    STALE,
    /** The nonce is none of ours (another node's, made up): challenge again. */
    UNKNOWN_NONCE,
    /** The user, realm or password is wrong: refuse. */
    WRONG
  }

  private final SecretKeySpec secret;
  private final String realm;

  public DigestAuthentication(String realm, byte[] secret) {
    this.realm = realm;
    this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** With a secret of its own: its nonces mean nothing to another node or after a restart. */
  public static DigestAuthentication withRandomSecret(String realm) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new DigestAuthentication(realm, secret);
  }

  public String realm() {
    return realm;
  }

  /** A nonce for a challenge issued at {@code now}. */
  public String nonce(Instant now) {
    String issued = Long.toString(now.getEpochSecond());
    return issued + "." + sign(issued);
  }

  /** Checks {@code credentials} of a {@code method} request against the user's {@code password}. */
  public Verdict check(DigestCredentials credentials, String method, String password, Instant now) {
    boolean right = credentials.realm().equals(realm)
        && credentials.algorithm().map(a -> a.equalsIgnoreCase("MD5")).orElse(true)
        && MessageDigest.isEqual(expected(credentials, method, password).getBytes(StandardCharsets.US_ASCII),
            credentials.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    String nonce = credentials.nonce();
    int dot = nonce.indexOf('.');
    if (dot < 0 || !MessageDigest.isEqual(sign(nonce.substring(0, dot)).getBytes(StandardCharsets.US_ASCII),
        nonce.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
      return Verdict.UNKNOWN_NONCE;
    }
    if (!right) return Verdict.WRONG;
    Instant issued;
    try {
      issued = Instant.ofEpochSecond(Long.parseLong(nonce.substring(0, dot)));
    } catch (NumberFormatException e) {
      return Verdict.UNKNOWN_NONCE;
    }
    boolean fresh = !issued.isAfter(now.plusSeconds(1)) && Duration.between(issued, now).compareTo(NONCE_LIFETIME) <= 0;
    return fresh ? Verdict.ACCEPTED : Verdict.STALE;
  }

  /** The response RFC 2617 §3.2.2.1 asks for, in lower-case hex. */
  static String expected(DigestCredentials credentials, String method, String password) {
    String user = md5(credentials.username() + ":" + credentials.realm() + ":" + password);
    String request = md5(method + ":" + credentials.uri());
    if (credentials.qop().isPresent()) {
      return md5(user + ":" + credentials.nonce() + ":" + credentials.nonceCount().orElse("") + ":"
          + credentials.clientNonce().orElse("") + ":" + credentials.qop().get() + ":" + request);
    }
    return md5(user + ":" + credentials.nonce() + ":" + request);
  }

  private static String md5(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has MD5", e);
    }
  }

  private String sign(String issued) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(secret);
      byte[] tag = mac.doFinal(issued.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(tag).substring(0, 22);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every Java has HmacSHA256", e);
    }
  }
}
