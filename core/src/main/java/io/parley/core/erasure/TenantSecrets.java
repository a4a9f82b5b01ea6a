package io.parley.core.erasure;

import io.parley.core.bot.TenantSecret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets a tenant gives the node (the secrets of its bot configuration's tools) sealed under the
 * tenant's own key, the key its sessions' data keys are wrapped with (docs/security.md): whoever
 * reads the journal or a backup without the root key reads no secret. Implementations block the
 * first time a tenant is seen (its key is read or created): call them off the actor threads.
 */
public interface TenantSecrets {
  /** {@code plaintext} sealed for {@code tenant}: AES-256-GCM under its key, bound to it. */
  byte[] seal(String tenant, byte[] plaintext);

  /** @throws SealBrokenException when {@code sealed} was changed or sealed for another tenant */
  byte[] open(String tenant, byte[] sealed);

  /**
   * A keyed hash of {@code value} for {@code tenant}, 64 hex digits: HMAC-SHA256 under a key of the
   * tenant's own ({@link #fingerprint(byte[], String, String)}), the same on every node. Without the
   * tenant's key it cannot be computed, so a value drawn from a small set (a phone number, its plain
   * hash) cannot be found again by trying each.
   */
  String fingerprint(String tenant, String value);

  /**
   * {@link #fingerprint(String, String)} with the tenant's key {@code tenantKey}: HMAC-SHA256 of
   * {@code value} under the HMAC-SHA256 of {@code parley-fingerprint|<tenant>} under the tenant's key,
   * so the key that fingerprints is never the key that seals.
   */
  static String fingerprint(byte[] tenantKey, String tenant, String value) {
    byte[] key = hmac(tenantKey, ("parley-fingerprint|" + tenant).getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(hmac(key, value.getBytes(StandardCharsets.UTF_8)));
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JVM has HmacSHA256", e);
    }
  }

  /** A secret of {@code tenant}'s configuration, sealed. */
  default TenantSecret sealText(String tenant, String plaintext) {
    return new TenantSecret(Base64.getEncoder().encodeToString(seal(tenant, plaintext.getBytes(StandardCharsets.UTF_8))));
  }

  /** What {@link #sealText} sealed. */
  default String openText(String tenant, TenantSecret secret) {
    return new String(open(tenant, Base64.getDecoder().decode(secret.sealed())), StandardCharsets.UTF_8);
  }

  /** The associated data of a tenant's secret: what it belongs to. */
  static byte[] owner(String tenant) {
    return ("tenant-secret|" + tenant).getBytes(StandardCharsets.UTF_8);
  }
}
