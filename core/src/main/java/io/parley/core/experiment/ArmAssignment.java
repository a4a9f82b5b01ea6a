package io.parley.core.experiment;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which arm a new conversation gets: the first 64 bits of SHA-256 over
 * {@code "<experiment>:<session id>"}, read as a fraction of 2^64, fall below {@code share} for the
 * candidate. Deterministic, so a start asked twice (a retry, another node) gives the same arm, and
 * independent of the order conversations arrive in; the experiment's number in the hash gives each
 * experiment a split of its own.
 */
public final class ArmAssignment {
  private static final double TWO_TO_64 = 0x1p64;

  private ArmAssignment() {}

  /** The arm of session {@code sessionId} (its wire id) in experiment {@code experiment} sending {@code share} (0 to 1) to the candidate. */
  public static Arm of(int experiment, double share, String sessionId) {
    return fraction(experiment, sessionId) < share ? Arm.CANDIDATE : Arm.LIVE;
  }

  /** The session's place in [0, 1). */
  static double fraction(int experiment, String sessionId) {
    byte[] digest = sha256((experiment + ":" + sessionId).getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    // Unsigned: the top bit is worth 2^63, not a sign.
    double unsigned = (bits >>> 1) * 2.0 + (bits & 1);
    return unsigned / TWO_TO_64;
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
