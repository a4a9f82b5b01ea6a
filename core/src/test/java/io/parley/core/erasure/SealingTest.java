package io.parley.core.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class SealingTest {
  private static final byte[] AAD = "ChatSession|acme/6f1c|key-1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] TEXT = "my email is ada@example.com".getBytes(StandardCharsets.UTF_8);

  @Test
  void opensWhatItSealedAndHidesThePlaintext() {
    SecretKey key = Sealing.newKey();
    byte[] sealed = Sealing.seal(key, TEXT, AAD);
    assertFalse(new String(sealed, StandardCharsets.ISO_8859_1).contains("ada@example.com"));
    assertArrayEquals(TEXT, Sealing.open(key, sealed, AAD));
  }

  @Test
  void sealsTheSameTextDifferentlyEachTime() {
    SecretKey key = Sealing.newKey();
    assertFalse(java.util.Arrays.equals(Sealing.seal(key, TEXT, AAD), Sealing.seal(key, TEXT, AAD)));
  }

  @Test
  void refusesAChangedByte() {
    SecretKey key = Sealing.newKey();
    byte[] sealed = Sealing.seal(key, TEXT, AAD);
    for (int i = 0; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 1;
      assertThrows(SealBrokenException.class, () -> Sealing.open(key, tampered, AAD), "byte " + i);
    }
  }

  @Test
  void refusesAnotherKeyAnotherOwnerAndTruncatedBytes() {
    SecretKey key = Sealing.newKey();
    byte[] sealed = Sealing.seal(key, TEXT, AAD);
    assertThrows(SealBrokenException.class, () -> Sealing.open(Sealing.newKey(), sealed, AAD));
    assertThrows(SealBrokenException.class,
        () -> Sealing.open(key, sealed, "ChatSession|acme/other|key-1".getBytes(StandardCharsets.UTF_8)));
    assertThrows(SealBrokenException.class, () -> Sealing.open(key, java.util.Arrays.copyOf(sealed, 20), AAD));
  }

  @Test
  void aThreadSealsAndOpensUnderOneKeyAfterAnotherAndAfterARefusal() {
    SecretKey first = Sealing.newKey();
    SecretKey second = Sealing.newKey();
    byte[] sealedFirst = Sealing.seal(first, TEXT, AAD);
    byte[] sealedSecond = Sealing.seal(second, TEXT, AAD);
    assertThrows(SealBrokenException.class, () -> Sealing.open(second, sealedFirst, AAD));
    assertArrayEquals(TEXT, Sealing.open(first, sealedFirst, AAD));
    assertArrayEquals(TEXT, Sealing.open(second, sealedSecond, AAD));
    assertArrayEquals(TEXT, Sealing.open(first, Sealing.seal(first, TEXT, AAD), AAD));
  }

  @Test
  void aKeyedKeyOpensWhatItsKeySealedAgainAndAgainAndRefusesAsTheThreadsCipherDoes() {
    SecretKey key = Sealing.newKey();
    Sealing.Keyed keyed = Sealing.keyed(key);
    assertArrayEquals(TEXT, keyed.open(Sealing.seal(key, TEXT, AAD), AAD));
    byte[] changed = Sealing.seal(key, TEXT, AAD);
    changed[changed.length - 1] ^= 1;
    assertThrows(SealBrokenException.class, () -> keyed.open(changed, AAD));
    assertThrows(SealBrokenException.class, () -> Sealing.keyed(Sealing.newKey()).open(Sealing.seal(key, TEXT, AAD), AAD));
    assertThrows(SealBrokenException.class, () -> keyed.open(Sealing.seal(key, TEXT, AAD), "other".getBytes(StandardCharsets.UTF_8)));
    assertArrayEquals(TEXT, keyed.open(Sealing.seal(key, TEXT, AAD), AAD), "a refusal leaves the cipher usable");
  }

  @Test
  void aKeyHasThirtyTwoBytes() {
    assertThrows(IllegalArgumentException.class, () -> Sealing.key(new byte[16]));
  }
}
