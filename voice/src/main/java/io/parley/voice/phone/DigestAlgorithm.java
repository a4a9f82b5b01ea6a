package io.parley.voice.phone;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The hash functions a digest challenge may name (RFC 8760 for SIP, from RFC 7616's registry):
 * SHA-256, the one to prefer, and MD5, which most trunks still answer with.
 */
public enum DigestAlgorithm {
  SHA_256("SHA-256"),
  MD5("MD5");

  private final String token;

  DigestAlgorithm(String token) {
    this.token = token;
  }

  /** The name in a challenge's {@code algorithm} parameter, and Java's name of the hash. */
  public String token() {
    return token;
  }

  /** The algorithm a challenge or a setting names ({@code SHA-256}, {@code MD5}, any case); empty for others. */
  public static Optional<DigestAlgorithm> named(String token) {
    String wanted = token.strip().toUpperCase(Locale.ROOT);
    for (DigestAlgorithm algorithm : values()) {
      if (algorithm.token.equals(wanted)) return Optional.of(algorithm);
    }
    return Optional.empty();
  }

  /** The hash of {@code text} (UTF-8) in lower-case hex, as the digest computations take it. */
  String hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(token).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has " + token, e);
    }
  }
}
