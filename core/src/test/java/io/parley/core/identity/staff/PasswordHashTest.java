package io.parley.core.identity.staff;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final PasswordCost CHEAP = new PasswordCost(64, 1);

  @Test
  void aHashVerifiesItsPasswordAndNoOther() {
    String hash = PasswordHash.of("correct horse battery staple", RANDOM, PasswordCost.OWASP);
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertFalse(hash.contains("horse"), "the password is not in its hash");
    assertTrue(PasswordHash.matches("correct horse battery staple", hash));
    assertFalse(PasswordHash.matches("correct horse battery stapl", hash));
    assertFalse(PasswordHash.matches("", hash));
  }

  @Test
  void eachHashHasItsOwnSalt() {
    assertNotEquals(PasswordHash.of("the same password", RANDOM, CHEAP),
        PasswordHash.of("the same password", RANDOM, CHEAP));
  }

  @Test
  void aHashIsMadeAtTheGivenCostAndKeepsIt() {
    String cheap = PasswordHash.of("correct horse battery staple", RANDOM, CHEAP);
    assertTrue(cheap.startsWith("$argon2id$v=19$m=64,t=1,p=1$"), cheap);
    // A node whose cost changed since still checks the older hash at the cost the hash names.
    assertTrue(PasswordHash.matches("correct horse battery staple", cheap));
    assertFalse(PasswordHash.matches("correct horse battery stapl", cheap));
  }

  @Test
  void argon2sLeastMemoryAndOnePassAreTheFloor() {
    assertThrows(IllegalArgumentException.class, () -> new PasswordCost(7, 1));
    assertThrows(IllegalArgumentException.class, () -> new PasswordCost(8, 0));
  }

  @Test
  void aStringOfAnotherFormMatchesNothing() {
    assertFalse(PasswordHash.matches("password", "$2a$10$abcdefghijklmnopqrstuv"));
    assertFalse(PasswordHash.matches("password", "plain"));
  }
}
