package io.parley.core.identity.staff;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes in the PHC string form ({@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}),
 * so each hash carries its own salt and cost and a later change of cost still verifies older ones.
 * New hashes are made at the node's {@link PasswordCost} (OWASP's first recommendation unless
 * configured): tens of milliseconds on one core, which is what every guess costs too. Blocks the
 * calling thread for that long.
 */
final class PasswordHash {
  private static final int LANES = 1;
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Base64.Encoder ENCODER = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getDecoder();

  private PasswordHash() {}

  public static String of(String password, SecureRandom random, PasswordCost cost) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, cost.memoryKib(), cost.passes(), LANES, HASH_BYTES);
    return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.passes() + ",p=" + LANES + "$"
        + ENCODER.encodeToString(salt) + "$" + ENCODER.encodeToString(hash);
  }

  /** Whether {@code password} is the one {@code phc} was made of; false for a string of another form. */
  public static boolean matches(String password, String phc) {
    String[] parts = phc.split("\\$");
    if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) return false;
    int memory = 0;
    int iterations = 0;
    int lanes = 0;
    for (String setting : parts[3].split(",")) {
      String[] pair = setting.split("=", 2);
      if (pair.length != 2) return false;
      int value = Integer.parseInt(pair[1]);
      switch (pair[0]) {
        case "m" -> memory = value;
        case "t" -> iterations = value;
        case "p" -> lanes = value;
        default -> { return false; }
      }
    }
    byte[] expected = DECODER.decode(parts[5]);
    return MessageDigest.isEqual(expected, derive(password, DECODER.decode(parts[4]), memory, iterations, lanes,
        expected.length));
  }

  private static byte[] derive(String password, byte[] salt, int memory, int iterations, int lanes, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id).withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(memory).withIterations(iterations).withParallelism(lanes).withSalt(salt).build());
    byte[] hash = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), hash);
    return hash;
  }
}
