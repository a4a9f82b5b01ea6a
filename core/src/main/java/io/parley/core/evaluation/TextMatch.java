package io.parley.core.evaluation;

import io.parley.core.compute.TenantRegex;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code contains} and {@code notContains} look for in the bot's answers: a text, found
 * whatever its case, or a {@code pattern} (RE2 syntax, found anywhere in an answer in linear time).
 */
record TextMatch(Optional<String> text, Optional<TenantRegex> pattern) {
  public static TextMatch text(String text) {
    return new TextMatch(Optional.of(text), Optional.empty());
  }

  public static TextMatch pattern(TenantRegex pattern) {
    return new TextMatch(Optional.empty(), Optional.of(pattern));
  }

  public boolean foundIn(String answer) {
    return text.map(t -> answer.toLowerCase(Locale.ROOT).contains(t.toLowerCase(Locale.ROOT)))
        .orElseGet(() -> pattern.orElseThrow().find(answer));
  }

  /** Why this case's pattern, saved before patterns were RE2, cannot be checked; empty when it can. */
  public Optional<String> unusable() {
    return pattern.flatMap(TenantRegex::refusal);
  }

  /** As the case wrote it, for verdicts: {@code "refund"} or {@code /30 days?/}. */
  public String shown() {
    return text.map(t -> "\"" + t + "\"").orElseGet(() -> pattern.orElseThrow().toString());
  }
}
