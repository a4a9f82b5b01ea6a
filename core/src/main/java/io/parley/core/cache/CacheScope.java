package io.parley.core.cache;

import io.parley.core.bot.PinnedBotConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * What a cached answer was given under: the tenant, and a fingerprint of everything besides the
 * question that shaped it (the system prompt with the tenant's bot configuration, the model, the
 * tools offered, the configuration's version, the customer's language). An answer is only reused
 * under the same scope; the store adds the tenant's knowledge-base revision, so a configuration
 * change or a new help article invalidates by itself. What a turn knows of its customer is never
 * part of a scope: such a turn does not use the cache at all ({@link CachePolicy}).
 */
public record CacheScope(String tenant, String fingerprint) {
  /**
   * The scope of a turn of {@code tenant} whose prompt began with {@code systemPrompt}, asked of
   * {@code model} offering {@code tools}, on the session's pinned {@code bot} configuration (none:
   * the node's settings), for a customer whose page gave {@code language} (a BCP 47 tag).
   */
  public static CacheScope ofTurn(String tenant, String systemPrompt, String model, List<String> tools,
      Optional<PinnedBotConfig> bot, Optional<String> language) {
    String version = bot.map(pinned -> (pinned.draft() ? "draft " : "version ") + pinned.version()).orElse("node");
    return of(tenant, List.of(systemPrompt, model, String.join(",", tools), version, language.orElse("")));
  }

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
