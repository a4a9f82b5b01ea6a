package io.parley.persistence.cache;

import com.typesafe.config.Config;
import io.parley.core.config.SettingsReader;
import java.time.Duration;

/**
 * The answer cache's settings, {@code parley.answer-cache.*}: whether it is on, how long an answer
 * is kept ({@code ttl}), how many a tenant keeps at most (the oldest go first), and how similar a
 * paraphrase must be to reuse an answer (cosine of the two questions' MiniLM embeddings).
 */
public record AnswerCacheSettings(boolean enabled, Duration ttl, int maxEntriesPerTenant, double minSimilarity) {
  public static AnswerCacheSettings create(Config config) {
    SettingsReader reader = new SettingsReader(config);
    return new AnswerCacheSettings(
        reader.flag("parley.answer-cache.enabled", "PARLEY_ANSWER_CACHE"),
        reader.duration("parley.answer-cache.ttl", "PARLEY_ANSWER_CACHE_TTL"),
        reader.positiveInt("parley.answer-cache.max-entries-per-tenant", "PARLEY_ANSWER_CACHE_MAX_ENTRIES"),
        reader.decimal("parley.answer-cache.min-similarity", "PARLEY_ANSWER_CACHE_SIMILARITY", 0.5, 1.0));
  }
}
