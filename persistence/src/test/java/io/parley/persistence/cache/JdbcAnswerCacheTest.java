package io.parley.persistence.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.cache.CacheLimits;
import io.parley.core.cache.CacheScope;
import io.parley.core.cache.Lookup;
import io.parley.core.testing.SteppedClock;
import io.parley.persistence.Database;
import io.parley.persistence.Dialect;
import io.parley.persistence.embedding.MiniLmEmbeddingModel;
import io.parley.persistence.testing.OnEachDialect;
import io.parley.persistence.testing.Sql;
import io.parley.persistence.testing.DialectDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.RegisterExtension;

/** On both databases, with the real MiniLM model (loaded once for the class). */
class JdbcAnswerCacheTest {
  private static final MiniLmEmbeddingModel model = new MiniLmEmbeddingModel().load();
  private static final CacheScope ACME = CacheScope.of("acme", List.of("system prompt v1", "llama-3.3-70b"));
  private static final CacheLimits NODE = CacheLimits.node();
  private static final String RESET = "You can reset it from the sign-in page: choose 'Forgot password'.";

  @RegisterExtension final DialectDatabases databases = new DialectDatabases();
  private Database database;
  private final SteppedClock clock = new SteppedClock(Instant.parse("2026-11-20T09:00:00Z"));

  private JdbcAnswerCache open(Dialect dialect, int maxEntries) {
    database = databases.open(dialect);
    return another(maxEntries);
  }

  /** A second node's cache on the same database. */
  private JdbcAnswerCache another(int maxEntries) {
    return new JdbcAnswerCache(database.dataSource(), model,
        new AnswerCacheSettings(true, Duration.ofHours(24), maxEntries, 0.9), clock);
  }

  private static Lookup.Miss miss(Lookup lookup) {
    return assertInstanceOf(Lookup.Miss.class, lookup);
  }

  private static Lookup.Hit hit(Lookup lookup) {
    return assertInstanceOf(Lookup.Hit.class, lookup);
  }

  @OnEachDialect
  void theSameQuestionInOtherWordsFindsTheStoredAnswer(Dialect dialect) {
    JdbcAnswerCache cache = open(dialect, 100);
    cache.store(miss(cache.find(ACME, "How do I reset my password?")), RESET, 412, NODE);

    Lookup.Hit exact = hit(cache.find(ACME, "how do I reset my password"));
    assertTrue(exact.exact());
    assertEquals(RESET, exact.answer());
    assertEquals(412, exact.tokensSaved());

    Lookup.Hit paraphrase = hit(cache.find(ACME, "How can I reset my password?"));
    assertFalse(paraphrase.exact());
    assertTrue(paraphrase.similarity() >= 0.9 && paraphrase.similarity() < 1, "similarity " + paraphrase.similarity());
    assertEquals(RESET, paraphrase.answer());

    Lookup.Miss unrelated = miss(cache.find(ACME, "What are your opening hours?"));
    assertEquals("what are your opening hours", unrelated.questionKey());
    assertEquals(384, unrelated.embedding().length);
    assertEquals(1, cache.size("acme"));
  }

  @OnEachDialect
  void anotherTenantScopeOrKnowledgeBaseRevisionNeverSeesTheAnswer(Dialect dialect) throws Exception {
    JdbcAnswerCache cache = open(dialect, 100);
    cache.store(miss(cache.find(ACME, "How do I reset my password?")), RESET, 412, NODE);

    miss(cache.find(CacheScope.of("globex", List.of("system prompt v1", "llama-3.3-70b")), "How do I reset my password?"));
    miss(cache.find(CacheScope.of("acme", List.of("system prompt v2", "llama-3.3-70b")), "How do I reset my password?"));

    Sql.execute(database.dataSource(), "INSERT INTO kb_revision (tenant, revision) VALUES ('acme', 1)");
    Lookup.Miss afterNewArticle = miss(cache.find(ACME, "How do I reset my password?"));
    assertTrue(afterNewArticle.scopeKey().endsWith(":kb1"), afterNewArticle.scopeKey());
    cache.store(afterNewArticle, "Since today: use the new account page.", 300, NODE);
    assertEquals("Since today: use the new account page.", hit(cache.find(ACME, "How do I reset my password?")).answer());
  }

  @OnEachDialect
  void answersExpireAndTheOldestGoBeyondTheCap(Dialect dialect) {
    JdbcAnswerCache cache = open(dialect, 2);
    cache.store(miss(cache.find(ACME, "How do I reset my password?")), RESET, 412, NODE);
    clock.advance(Duration.ofHours(1));
    cache.store(miss(cache.find(ACME, "What are your opening hours?")), "9 to 5, Monday to Friday.", 200, NODE);
    cache.store(miss(cache.find(ACME, "Do you ship to Canada?")), "Yes, in 5 to 7 days.", 250, NODE);

    assertEquals(2, cache.size("acme"));
    miss(cache.find(ACME, "How do I reset my password?"));
    hit(cache.find(ACME, "What are your opening hours?"));

    clock.advance(Duration.ofHours(24));
    assertEquals(0, cache.size("acme"));
    Lookup.Miss expired = miss(cache.find(ACME, "What are your opening hours?"));
    cache.store(expired, "8 to 6 now.", 200, NODE);
    assertEquals("8 to 6 now.", hit(cache.find(ACME, "what are your opening hours")).answer());
  }

  @OnEachDialect
  void aTenantKeepsItsAnswersShorterAndFewerButNeverLongerOrMoreThanTheNode(Dialect dialect) {
    JdbcAnswerCache cache = open(dialect, 2);
    CacheLimits own = new CacheLimits(Optional.of(Duration.ofHours(1)), Optional.of(1));
    cache.store(miss(cache.find(ACME, "How do I reset my password?")), RESET, 412, own);
    cache.store(miss(cache.find(ACME, "Do you ship to Canada?")), "Yes, in 5 to 7 days.", 250, own);
    assertEquals(1, cache.size("acme"), "the tenant keeps one");
    clock.advance(Duration.ofMinutes(61));
    assertEquals(0, cache.size("acme"), "for an hour");

    CacheLimits generous = new CacheLimits(Optional.of(Duration.ofDays(30)), Optional.of(50));
    for (String question : List.of("How do I reset my password?", "Do you ship to Canada?", "What are your opening hours?")) {
      cache.store(miss(cache.find(ACME, question)), "An answer.", 100, generous);
    }
    assertEquals(2, cache.size("acme"), "never more than the node's cap");
    clock.advance(Duration.ofHours(25));
    assertEquals(0, cache.size("acme"), "nor longer than the node's time");
  }

  @OnEachDialect
  void everyNodeSeesWhatAnotherStoredAndNoneServesWhatWasCleared(Dialect dialect) {
    JdbcAnswerCache first = open(dialect, 100);
    JdbcAnswerCache second = another(100);
    miss(second.find(ACME, "Do you ship to Canada?"));

    first.store(miss(first.find(ACME, "How do I reset my password?")), RESET, 412, NODE);
    assertEquals(RESET, hit(second.find(ACME, "How can I reset my password?")).answer());

    first.store(miss(first.find(ACME, "Do you ship to Canada?")), "Yes, in 5 to 7 days.", 250, NODE);
    assertEquals(2, first.clear("acme"));
    miss(second.find(ACME, "How can I reset my password?"));
    miss(second.find(ACME, "Do you ship to Canada?"));
    assertEquals(0, second.size("acme"));
  }

  @OnEachDialect
  void storingTheSameQuestionTwiceKeepsTheFirstAnswer(Dialect dialect) {
    JdbcAnswerCache first = open(dialect, 100);
    JdbcAnswerCache second = another(100);
    Lookup.Miss seenByFirst = miss(first.find(ACME, "How do I reset my password?"));
    Lookup.Miss seenBySecond = miss(second.find(ACME, "How do I reset my password?"));
    first.store(seenByFirst, RESET, 412, NODE);
    second.store(seenBySecond, "Another wording of the same answer.", 380, NODE);
    assertEquals(1, first.size("acme"));
    assertEquals(RESET, hit(second.find(ACME, "How do I reset my password?")).answer());
  }

  @OnEachDialect
  void aQuestionOfPunctuationOnlyIsNeitherLookedUpNorStored(Dialect dialect) {
    JdbcAnswerCache cache = open(dialect, 100);
    assertInstanceOf(Lookup.Off.class, cache.find(ACME, "???"));
  }
}
