package io.parley.voice.phone;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Digest authentication of SIP requests (RFC 3261 §22 as RFC 8760 updates it, computed as RFC 7616
 * says), with SHA-256 and MD5 and {@code qop=auth}. A nonce is its issue time and a random part
 * (two challenges in one second differ: each nonce's counts are its own), signed with this node's
 * secret, so any nonce this node gave out in the last {@link #NONCE_LIFETIME} is recognised
 * without storing challenges, an older one is stale (the caller retries at once with a new one,
 * without asking its user), and anything else is unknown. A response holds only for the request it
 * was computed for: its {@code uri} must be the request's Request-URI, and each use of a nonce must
 * carry a higher nonce count than the last ({@link NonceCounts}); a response without {@code qop}
 * has no count, so its nonce is good for that one request. Thread-safe.
 */
final class DigestAuthentication {
  /** How long a nonce is good for: a caller answers its challenge at once. */
  public static final Duration NONCE_LIFETIME = Duration.ofMinutes(5);
  /** Nonces whose counts are remembered at once: far more than a node's calls in five minutes. */
  static final int NONCES_REMEMBERED = 100_000;
  private static final Pattern NONCE_COUNT = Pattern.compile("[0-9a-fA-F]{8}");

  /** How a request's credentials hold up. */
  public enum Verdict {
    /** The digest is right, for this request, with a fresh nonce of ours used with a new count. */
    ACCEPTED,
    /** The digest is right but the nonce is too old: challenge again with {@code stale=true}. */
    STALE,
    /** The nonce is none of ours (another node's, made up): challenge again. */
    UNKNOWN_NONCE,
    /** The digest is right but its nonce count was used already (a replay): challenge again. */
    REPLAYED,
    /** The digest is right but computed for another Request-URI (a replay to another number): refuse. */
    OTHER_REQUEST,
    /** The user, realm, password, algorithm or method is wrong: refuse. */
    WRONG
  }

  private final SecretKeySpec secret;
  private final String realm;
  private final List<DigestAlgorithm> algorithms;
  private final Clock clock;
  private final NonceCounts counts;
  private final SecureRandom random = new SecureRandom();

  /** @param algorithms what challenges offer, the preferred first */
  DigestAuthentication(String realm, byte[] secret, List<DigestAlgorithm> algorithms, Clock clock) {
    this(realm, secret, algorithms, clock, NONCES_REMEMBERED);
  }

  DigestAuthentication(String realm, byte[] secret, List<DigestAlgorithm> algorithms, Clock clock, int noncesRemembered) {
    if (algorithms.isEmpty()) throw new IllegalArgumentException("a challenge offers at least one algorithm");
    this.realm = realm;
    this.secret = new SecretKeySpec(secret.clone(), "HmacSHA256");
    this.algorithms = List.copyOf(algorithms);
    this.clock = clock;
    this.counts = new NonceCounts(noncesRemembered);
  }

  /** With a secret of its own: its nonces mean nothing to another node or after a restart. */
  static DigestAuthentication withRandomSecret(String realm, List<DigestAlgorithm> algorithms, Clock clock) {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new DigestAuthentication(realm, secret, algorithms, clock);
  }

  public String realm() {
    return realm;
  }

  /** The algorithms a challenge offers, one challenge header each, the preferred first. */
  public List<DigestAlgorithm> algorithms() {
    return algorithms;
  }

  /** A nonce for a challenge issued now. */
  public String nonce() {
    byte[] unique = new byte[9];
    random.nextBytes(unique);
    String issued = clock.instant().getEpochSecond() + "." + Base64.getUrlEncoder().encodeToString(unique);
    return issued + "." + sign(issued);
  }

  /**
   * Checks {@code credentials} of a request against the user's {@code password}.
   *
   * @param requestUri the request's Request-URI, which the response's {@code uri} must equal as text
   */
  public Verdict check(DigestCredentials credentials, String method, String requestUri, String password) {
    Optional<Instant> issued = issued(credentials.nonce());
    if (issued.isEmpty()) return Verdict.UNKNOWN_NONCE;
    Optional<DigestAlgorithm> algorithm = credentials.algorithm().map(DigestAlgorithm::named)
        .orElse(Optional.of(DigestAlgorithm.MD5));
    Optional<Long> count = credentials.qop().isEmpty() ? Optional.of(1L) : nonceCount(credentials);
    if (algorithm.isEmpty() || !algorithms.contains(algorithm.get()) || count.isEmpty()
        || !credentials.realm().equals(realm)
        || !MessageDigest.isEqual(expected(credentials, algorithm.get(), method, password).getBytes(StandardCharsets.US_ASCII),
            credentials.response().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
      return Verdict.WRONG;
    }
    if (!credentials.uri().equals(requestUri)) return Verdict.OTHER_REQUEST;
    Instant now = clock.instant();
    Instant expires = issued.get().plus(NONCE_LIFETIME);
    if (issued.get().isAfter(now.plusSeconds(1)) || now.isAfter(expires)) return Verdict.STALE;
    return counts.advance(credentials.nonce(), count.get(), expires, now) ? Verdict.ACCEPTED : Verdict.REPLAYED;
  }

  /** Nonces whose counts are remembered now. */
  int noncesRemembered() {
    return counts.size();
  }

  /** The response RFC 7616 §3.4.1 asks for (RFC 2069's without {@code qop}), in lower-case hex. */
  static String expected(DigestCredentials credentials, DigestAlgorithm algorithm, String method, String password) {
    String user = algorithm.hex(credentials.username() + ":" + credentials.realm() + ":" + password);
    String request = algorithm.hex(method + ":" + credentials.uri());
    if (credentials.qop().isPresent()) {
      return algorithm.hex(user + ":" + credentials.nonce() + ":" + credentials.nonceCount().orElse("") + ":"
          + credentials.clientNonce().orElse("") + ":" + credentials.qop().get() + ":" + request);
    }
    return algorithm.hex(user + ":" + credentials.nonce() + ":" + request);
  }

  /** {@code qop=auth} with its 8-hex-digit count and a client nonce; {@code auth-int} is never offered. */
  private static Optional<Long> nonceCount(DigestCredentials credentials) {
    if (!credentials.qop().get().equalsIgnoreCase("auth") || credentials.clientNonce().isEmpty()
        || credentials.nonceCount().filter(nc -> NONCE_COUNT.matcher(nc).matches()).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(credentials.nonceCount().get(), 16));
  }

  /** When a nonce of ours was issued; empty for a nonce this node did not sign. */
  private Optional<Instant> issued(String nonce) {
    int signature = nonce.lastIndexOf('.');
    if (signature < 0 || !MessageDigest.isEqual(sign(nonce.substring(0, signature)).getBytes(StandardCharsets.US_ASCII),
        nonce.substring(signature + 1).getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.ofEpochSecond(Long.parseLong(nonce.substring(0, nonce.indexOf('.')))));
    } catch (NumberFormatException e) {
      return Optional.empty();
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
