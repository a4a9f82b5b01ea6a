package io.parley.core.cache;

/**
 * Port to the tenants' answer caches: answers to context-free questions, reused for the same
 * question or a close paraphrase under the same {@link CacheScope}. Calls block (database and
 * embedding work): callers run them off their actors' threads. Whether a turn may use the cache
 * at all is {@link CachePolicy}'s call, made before.
 */
public interface AnswerCache {
  Lookup find(CacheScope scope, String question);

  /**
   * Files {@code answer} under what {@code miss} found, within the tenant's {@code limits}; the
   * model spent {@code tokensSpent} on it.
   */
  void store(Lookup.Miss miss, String answer, int tokensSpent, CacheLimits limits);

  /** Forgets every answer of {@code tenant}; returns how many there were. */
  int clear(String tenant);

  /** How many answers {@code tenant} has cached now, expired ones not counted. */
  int size(String tenant);

  /** No cache: every lookup is {@link Lookup.Off}. */
  static AnswerCache off() {
    return new AnswerCache() {
      @Override
      public Lookup find(CacheScope scope, String question) {
        return new Lookup.Off();
      }

      @Override
      public void store(Lookup.Miss miss, String answer, int tokensSpent, CacheLimits limits) {}

      @Override
      public int clear(String tenant) {
        return 0;
      }

      @Override
      public int size(String tenant) {
        return 0;
      }
    };
  }
}
