package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Duration;
import java.util.Optional;

/**
 * A tenant's bot, as the tenant configured it: what is set replaces the node's setting, what is
 * not falls back to it. {@code instructions} are the company's own additions to the system prompt
 * (opening hours, tone, what to offer), placed after Parley's rules, which they cannot override.
 * {@code answerCache}, {@code answerCacheTtlMinutes} and {@code answerCacheMaxEntries} turn the
 * tenant's answer cache off, or keep its answers shorter or fewer than the node does
 * (docs/answer-cache.md).
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record BotConfig(
    Optional<String> assistantName, Optional<String> companyName, Optional<String> instructions,
    Optional<Boolean> answerCache, Optional<Integer> answerCacheTtlMinutes, Optional<Integer> answerCacheMaxEntries) {
  public BotConfig {
    assistantName = assistantName == null ? Optional.empty() : assistantName;
    companyName = companyName == null ? Optional.empty() : companyName;
    instructions = instructions == null ? Optional.empty() : instructions;
    answerCache = answerCache == null ? Optional.empty() : answerCache;
    answerCacheTtlMinutes = answerCacheTtlMinutes == null ? Optional.empty() : answerCacheTtlMinutes;
    answerCacheMaxEntries = answerCacheMaxEntries == null ? Optional.empty() : answerCacheMaxEntries;
  }

  /** The prompt settings only; the answer cache as the node has it. */
  public BotConfig(Optional<String> assistantName, Optional<String> companyName, Optional<String> instructions) {
    this(assistantName, companyName, instructions, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public static BotConfig empty() {
    return new BotConfig(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Whether the tenant lets its turns use the answer cache (unless set, as the node does). */
  public boolean answerCacheOn() {
    return answerCache.orElse(true);
  }

  /** How long the tenant's answers are kept, if it keeps them shorter than the node. */
  public Optional<Duration> answerCacheTtl() {
    return answerCacheTtlMinutes.map(Duration::ofMinutes);
  }
}
