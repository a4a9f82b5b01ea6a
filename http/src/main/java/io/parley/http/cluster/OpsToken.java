package io.parley.http.cluster;

import io.parley.core.identity.Sha256;
import java.security.MessageDigest;

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
    return new OpsToken(Sha256.of(token));
  }

  public boolean matches(String presented) {
    return presented != null && MessageDigest.isEqual(digest, Sha256.of(presented));
  }

  @Override
  public String toString() {
    return "OpsToken[redacted]";
  }
}
