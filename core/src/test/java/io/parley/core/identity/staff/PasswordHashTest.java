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
  void owaspsRecommendationsTradeMemoryForPasses() {
    assertTrue(PasswordCost.OWASP.meetsOwasp());
    assertTrue(new PasswordCost(47_104, 1).meetsOwasp(), "46 MiB in one pass");
    assertTrue(new PasswordCost(7_168, 5).meetsOwasp(), "7 MiB in five passes");
    assertTrue(new PasswordCost(65_536, 3).meetsOwasp(), "more of both");
    assertFalse(new PasswordCost(19_455, 2).meetsOwasp());
    assertFalse(new PasswordCost(19_456, 1).meetsOwasp());
    assertFalse(new PasswordCost(7_167, 10).meetsOwasp(), "passes do not make up for less memory than the least");
    assertFalse(new PasswordCost(64, 1).meetsOwasp(), "the tests' cost");
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
