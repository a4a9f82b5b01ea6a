package io.parley.core.erasure;

import io.parley.core.bot.TenantSecret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

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
