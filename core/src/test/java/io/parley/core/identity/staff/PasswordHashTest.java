package io.parley.core.identity.staff;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PasswordHashTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  @Test
  void aHashVerifiesItsPasswordAndNoOther() {
    String hash = PasswordHash.of("correct horse battery staple", RANDOM);
    assertTrue(hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), hash);
    assertFalse(hash.contains("horse"), "the password is not in its hash");
    assertTrue(PasswordHash.matches("correct horse battery staple", hash));
    assertFalse(PasswordHash.matches("correct horse battery stapl", hash));
    assertFalse(PasswordHash.matches("", hash));
  }

  @Test
  void eachHashHasItsOwnSalt() {
    assertNotEquals(PasswordHash.of("the same password", RANDOM), PasswordHash.of("the same password", RANDOM));
  }

  @Test
  void aStringOfAnotherFormMatchesNothing() {
    assertFalse(PasswordHash.matches("password", "$2a$10$abcdefghijklmnopqrstuv"));
    assertFalse(PasswordHash.matches("password", "plain"));
  }
}
