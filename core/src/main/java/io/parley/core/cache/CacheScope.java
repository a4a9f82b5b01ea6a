package io.parley.core.cache;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a cached answer was given under: the tenant, and a fingerprint of everything besides the
 * question that shaped it (the system prompt with the tenant's bot configuration, the model, the
 * tools offered). An answer is only reused under the same scope; the store adds the tenant's
 * knowledge-base revision, so a configuration change or a new help article invalidates by itself.
 */
public record CacheScope(String tenant, String fingerprint) {
  /** The scope of {@code tenant} whose answers depend on {@code parts}, in order. */
  public static CacheScope of(String tenant, List<String> parts) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String part : parts) {
        digest.update(part.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return new CacheScope(tenant, HexFormat.of().formatHex(digest.digest(), 0, 16));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
