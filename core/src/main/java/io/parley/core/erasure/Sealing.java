package io.parley.core.erasure;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM from the JDK, nothing of our own: {@link #seal} gives a random 12-byte nonce followed
 * by the ciphertext and its 16-byte tag; {@link #open} refuses anything changed, sealed under
 * another key, or bound to other associated data ({@code aad}: what the bytes belong to, so a
 * sealed event cannot be moved into another session's journal). Each thread keeps one cipher and
 * keys it for every call: looking the algorithm up for each event cost as much as opening it. A
 * {@link Keyed} key keeps a cipher of its own, for a reader that opens many things under one key
 * among others (a session's events as the conversations projection reads them): keyed again with
 * the key it already holds, a cipher skips expanding it, which was most of opening a small event.
 */
public final class Sealing {
  public static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(Sealing::newCipher);

  private Sealing() {}

  public static SecretKey newKey() {
    byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return key(key);
  }

  /** A key from its 32 bytes. */
  public static SecretKey key(byte[] bytes) {
    if (bytes.length != KEY_BYTES) throw new IllegalArgumentException("an AES-256 key has 32 bytes, not " + bytes.length);
    return new SecretKeySpec(bytes, "AES");
  }

  public static byte[] seal(SecretKey key, byte[] plaintext, byte[] aad) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = CIPHER.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad);
      ByteBuffer sealed = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(plaintext.length));
      sealed.put(nonce);
      cipher.doFinal(ByteBuffer.wrap(plaintext), sealed);
      return sealed.array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is part of every JDK", e);
    }
  }

  /** @throws SealBrokenException when the bytes were changed, or sealed under another key or {@code aad} */
  public static byte[] open(SecretKey key, byte[] sealed, byte[] aad) {
    return open(CIPHER.get(), key, sealed, aad);
  }

  /** {@code key} with a cipher of its own: one thread at a time opens with it. */
  public static Keyed keyed(SecretKey key) {
    return new Keyed(key, newCipher());
  }

  /** A key and the cipher it keys: not thread-safe, as a {@link Cipher} is not. */
  public static final class Keyed {
    private final SecretKey key;
    private final Cipher cipher;

    private Keyed(SecretKey key, Cipher cipher) {
      this.key = key;
      this.cipher = cipher;
    }

    /** @throws SealBrokenException as {@link Sealing#open} */
    public byte[] open(byte[] sealed, byte[] aad) {
      return Sealing.open(cipher, key, sealed, aad);
    }
  }

  private static byte[] open(Cipher cipher, SecretKey key, byte[] sealed, byte[] aad) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) throw new SealBrokenException("too short to be sealed");
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (AEADBadTagException e) {
      throw new SealBrokenException("changed, or sealed under another key or for something else");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is part of every JDK", e);
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is part of every JDK", e);
    }
  }
}
