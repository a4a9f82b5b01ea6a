package io.parley.core.bot;

import java.util.List;
import java.util.function.Function;

/**
 * How the secrets of a document being saved are kept: each one the document gives is sealed under
 * the tenant's key ({@code seal}); each one it leaves out is the one of the same entry (same name,
 * same URL) in the configurations it replaces ({@code replaced}, the first that has the entry: a
 * publish's is the live version, then the draft; a draft's the draft, then the live version), so an
 * admin who never saw a secret can save the rest of the document without it (docs/bot-config.md#secrets).
 */
public record SecretKeeping(Function<String, TenantSecret> seal, List<BotConfig> replaced) {
  public SecretKeeping {
    replaced = List.copyOf(replaced);
  }

  /** For documents read where no secret can be sealed: one that gives a secret is refused. */
  public static SecretKeeping none() {
    return new SecretKeeping(plaintext -> {
      throw new UnsupportedOperationException("secrets cannot be kept here");
    }, List.of());
  }
}
