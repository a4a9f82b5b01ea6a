package io.parley.core.privacy;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a tenant has redacted: which built-in kinds apply, and its own patterns. A session
 * redacts with the policy of the bot configuration it pinned at its start.
 */
public record RedactionPolicy(Set<PersonalDataKind> kinds, List<TenantPattern> patterns) {
  // One instance: every log line is masked with it, and building it copied two sets each time.
  private static final RedactionPolicy STANDARD = new RedactionPolicy(EnumSet.allOf(PersonalDataKind.class), List.of());

  public RedactionPolicy {
    kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    patterns = List.copyOf(patterns);
  }

  /** Every built-in kind and no tenant patterns: what a tenant that configured nothing gets. */
  public static RedactionPolicy standard() {
    return STANDARD;
  }
}
