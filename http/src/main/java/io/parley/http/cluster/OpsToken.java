package io.parley.http.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The operator token guarding cluster management. Only its SHA-256 digest is kept, and a presented
 * token is compared digest to digest with {@link MessageDigest#isEqual}, which takes the same time
 * wherever the first difference is; hashing first also hides the token's length.
 */
public final class OpsToken {
  static final int MIN_LENGTH = 16;

  private final byte[] digest;

  private OpsToken(byte[] digest) {
    this.digest = digest;
  }

  public static OpsToken of(String token) {
    return new OpsToken(sha256(token));
  }

  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, sha256(presented));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "OpsToken[redacted]";
  }
}
