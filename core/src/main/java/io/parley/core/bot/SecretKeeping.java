package io.parley.core.bot;

import java.util.Optional;
import java.util.function.Function;

/**
 * How the secrets of a document being saved are kept: each one the document gives is sealed under
 * the tenant's key ({@code seal}); each one it leaves out is the one of the same entry (same name,
 * same URL) in the configuration it replaces ({@code previous}), so an admin who never saw a secret
 * can save the rest of the document without it (docs/bot-config.md#secrets).
 */
public record SecretKeeping(Function<String, TenantSecret> seal, Optional<BotConfig> previous) {
  /** For documents read where no secret can be sealed: one that gives a secret is refused. */
  public static SecretKeeping none() {
    return new SecretKeeping(plaintext -> {
      throw new UnsupportedOperationException("secrets cannot be kept here");
    }, Optional.empty());
  }
}
