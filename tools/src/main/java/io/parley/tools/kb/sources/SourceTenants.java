package io.parley.tools.kb.sources;

import io.parley.core.bot.UsageLimits;
import io.parley.core.language.LanguageTag;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a tenant's published bot configuration tells its knowledge sources: its language, the fallback
 * of a page that declares none, and its limits, which lower the node's bounds ({@link SourceSettings#within}).
 * Either may fail while the configuration cannot be read (a node starting): the sync then takes no
 * language and the node's bounds rather than failing the page.
 */
public record SourceTenants(Function<String, Optional<LanguageTag>> languages, Function<String, UsageLimits> limits) {
  Optional<LanguageTag> language(String tenant) {
    try {
      return languages.apply(tenant);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The node's {@code settings} within the tenant's limits. */
  SourceSettings bounds(String tenant, SourceSettings settings) {
    try {
      return settings.within(limits.apply(tenant));
    } catch (RuntimeException e) {
      return settings;
    }
  }
}
