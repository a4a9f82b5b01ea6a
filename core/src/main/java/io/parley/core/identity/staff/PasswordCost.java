package io.parley.core.identity.staff;

import java.util.List;

/**
 * How hard a new password hash is to compute: Argon2id's memory and passes, one lane. A check costs
 * a core this much work, the owner's sign-in and every guess alike; a hash keeps the cost it was made
 * with, so a changed cost applies to passwords set from then on and older ones still verify.
 *
 * @param memoryKib memory a hash fills, in KiB (at least 8, Argon2's least for one lane)
 * @param passes passes over that memory (at least 1)
 */
public record PasswordCost(int memoryKib, int passes) {
  /** OWASP's first recommendation for Argon2id: 19 MiB, two passes. */
  public static final PasswordCost OWASP = new PasswordCost(19_456, 2);
  /** Argon2's least memory for one lane, in KiB. */
  public static final int LEAST_MEMORY_KIB = 8;
  /** OWASP's recommendations for Argon2id with one lane, each as strong as the others (Password Storage Cheat Sheet). */
  private static final List<PasswordCost> OWASP_CHOICES = List.of(new PasswordCost(47_104, 1), OWASP,
      new PasswordCost(12_288, 3), new PasswordCost(9_216, 4), new PasswordCost(7_168, 5));

  public PasswordCost {
    if (memoryKib < LEAST_MEMORY_KIB) {
      throw new IllegalArgumentException("Argon2 needs at least " + LEAST_MEMORY_KIB + " KiB of memory, got " + memoryKib);
    }
    if (passes < 1) throw new IllegalArgumentException("Argon2 needs at least one pass, got " + passes);
  }

  /** Whether this takes at least the memory and the passes of one of OWASP's recommendations. */
  public boolean meetsOwasp() {
    return OWASP_CHOICES.stream().anyMatch(choice -> memoryKib >= choice.memoryKib && passes >= choice.passes);
  }
}
