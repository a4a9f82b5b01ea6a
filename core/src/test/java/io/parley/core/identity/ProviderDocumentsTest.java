package io.parley.core.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.identity.ProviderDocuments.Lookup;
import io.parley.core.testing.SteppedClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The cache of what providers publish: reads started by lookups, kept, shared, and left alone after a failure; no sleeps. */
class ProviderDocumentsTest {
  private static final Instant START = Instant.parse("2026-11-02T10:00:00Z");
  private static final String ISSUER = "https://login.acme.example";
  private static final ProviderFetchSettings SETTINGS = new ProviderFetchSettings(Duration.ofSeconds(10),
      Duration.ofMinutes(5), Duration.ofHours(1), Duration.ofSeconds(5), Duration.ofSeconds(30));

  private final SteppedClock clock = new SteppedClock(START);
  private final ManualReads<String, String> reads = new ManualReads<>();
  private final List<ProviderFetches.Outcome> outcomes = new ArrayList<>();
  private final ProviderDocuments<String, String> documents = new ProviderDocuments<>(ProviderFetches.Document.DISCOVERY,
      reads, SETTINGS, counting(outcomes), clock);

  @Test
  void theFirstLookupStartsOneReadThatEveryLaterOneWaitsForWithoutBlocking() {
    for (int i = 0; i < 100; i++) assertEquals(new Lookup.Reading<String>(), documents.lookup(ISSUER));
    assertEquals(1, reads.started(ISSUER), "one read under way, however many ask");
    reads.answer(ISSUER, "document v1");
    assertEquals(new Lookup.Known<>("document v1"), documents.lookup(ISSUER));
    assertEquals(List.of(ProviderFetches.Outcome.READ), outcomes);
  }

  @Test
  void aDocumentIsKeptThenReadAgainInTheBackgroundWhileStillInUse() {
    documents.lookup(ISSUER);
    reads.answer(ISSUER, "v1");
    clock.advance(Duration.ofMinutes(4));
    assertEquals(new Lookup.Known<>("v1"), documents.lookup(ISSUER));
    assertEquals(1, reads.started(ISSUER), "kept for its lifetime");
    clock.advance(Duration.ofMinutes(1));
    assertEquals(new Lookup.Known<>("v1"), documents.lookup(ISSUER), "the old one in use while it is read again");
    assertEquals(new Lookup.Known<>("v1"), documents.lookup(ISSUER));
    assertEquals(2, reads.started(ISSUER));
    reads.answer(ISSUER, "v2");
    assertEquals(new Lookup.Known<>("v2"), documents.lookup(ISSUER));
  }

  @Test
  void aFailedReadIsNotTriedAgainBeforeABackoffThatDoublesUpToTheLifetime() {
    documents.lookup(ISSUER);
    reads.fail(ISSUER, new IOException("connection refused"));
    Lookup<String> failed = documents.lookup(ISSUER);
    assertEquals(new Lookup.Unreadable<String>("IOException: connection refused", START.plusSeconds(5)), failed);
    clock.advance(Duration.ofMillis(4999));
    for (int i = 0; i < 100; i++) documents.lookup(ISSUER);
    assertEquals(1, reads.started(ISSUER), "left alone during the backoff");
    clock.advance(Duration.ofMillis(1));
    assertEquals(new Lookup.Reading<String>(), documents.lookup(ISSUER));
    assertEquals(2, reads.started(ISSUER));

    List<Duration> waits = new ArrayList<>();
    for (int attempt = 2; attempt <= 9; attempt++) {
      Instant failedAt = clock.instant();
      reads.fail(ISSUER, new IOException("still down"));
      Lookup.Unreadable<String> unreadable = (Lookup.Unreadable<String>) documents.lookup(ISSUER);
      waits.add(Duration.between(failedAt, unreadable.retryAt()));
      clock.advance(Duration.between(failedAt, unreadable.retryAt()));
      documents.lookup(ISSUER);
    }
    assertEquals(List.of(10L, 20L, 40L, 80L, 160L, 300L, 300L, 300L), waits.stream().map(Duration::toSeconds).toList());
    reads.answer(ISSUER, "back");
    assertEquals(new Lookup.Known<>("back"), documents.lookup(ISSUER));
    clock.advance(Duration.ofMinutes(5));
    documents.lookup(ISSUER);
    reads.fail(ISSUER, new IOException("down again"));
    int before = reads.started(ISSUER);
    clock.advance(Duration.ofMillis(4999));
    documents.lookup(ISSUER);
    assertEquals(before, reads.started(ISSUER));
    clock.advance(Duration.ofMillis(1));
    documents.lookup(ISSUER);
    assertEquals(before + 1, reads.started(ISSUER), "a success starts the backoff over at 5 s");
  }

  @Test
  void aKnownDocumentStaysInUseWhileItsProviderIsDownUpToTheStaleLimit() {
    documents.lookup(ISSUER);
    reads.answer(ISSUER, "v1");
    clock.advance(Duration.ofMinutes(5));
    documents.lookup(ISSUER);
    reads.fail(ISSUER, new IOException("down"));
    assertEquals(new Lookup.Known<>("v1"), documents.lookup(ISSUER), "still in use");
    clock.advance(Duration.ofMinutes(59).plusSeconds(59));
    assertEquals(new Lookup.Known<>("v1"), documents.lookup(ISSUER));
    reads.fail(ISSUER, new IOException("down"));
    clock.advance(Duration.ofSeconds(1));
    assertTrue(documents.lookup(ISSUER) instanceof Lookup.Unreadable<String>,
        "past its lifetime and the stale limit, a document is no longer trusted");
  }

  @Test
  void aRefreshForAMissingKeyIsRateLimitedAndNeverDuringABackoff() {
    assertTrue(documents.refresh(ISSUER), "nothing read yet: read");
    assertTrue(documents.refresh(ISSUER), "one under way");
    assertEquals(1, reads.started(ISSUER));
    reads.answer(ISSUER, "v1");
    assertFalse(documents.refresh(ISSUER), "read less than the refresh interval ago");
    clock.advance(Duration.ofSeconds(30));
    assertTrue(documents.refresh(ISSUER));
    assertEquals(2, reads.started(ISSUER));
    reads.fail(ISSUER, new IOException("down"));
    clock.advance(Duration.ofSeconds(30));
    documents.refresh(ISSUER);
    reads.fail(ISSUER, new IOException("down"));
    clock.advance(Duration.ofSeconds(30));
    assertTrue(documents.refresh(ISSUER), "past the 10 s backoff of the second failure");
    reads.fail(ISSUER, new IOException("down"));
    clock.advance(Duration.ofSeconds(19));
    assertFalse(documents.refresh(ISSUER), "in the 20 s backoff of the third");
    assertEquals(new Lookup.Known<>("v1"), documents.lookup(ISSUER), "the known document still in use");
  }

  @Test
  void aWaitingCallerGetsTheReadUnderWayOrTheFailureAtOnce() {
    CompletionStage<String> first = documents.document(ISSUER);
    CompletionStage<String> second = documents.document(ISSUER);
    assertEquals(1, reads.started(ISSUER));
    assertFalse(first.toCompletableFuture().isDone());
    reads.answer(ISSUER, "v1");
    assertEquals("v1", first.toCompletableFuture().join());
    assertEquals("v1", second.toCompletableFuture().join());
    assertEquals("v1", documents.document(ISSUER).toCompletableFuture().join());

    documents.document("https://other.example");
    reads.fail("https://other.example", new IOException("refused"));
    CompletableFuture<String> backingOff = documents.document("https://other.example").toCompletableFuture();
    assertTrue(backingOff.isCompletedExceptionally(), "failed at once while the provider is left alone");
    assertEquals(1, reads.started("https://other.example"));
  }

  @Test
  void aReadThatEndsAtOnceOrThrowsIsHandledLikeAnyOther() {
    ProviderDocuments<String, String> immediate = new ProviderDocuments<>(ProviderFetches.Document.KEYS,
        url -> url.contains("good") ? CompletableFuture.completedFuture("keys") : thrown(), SETTINGS, counting(outcomes), clock);
    assertEquals(new Lookup.Known<>("keys"), immediate.lookup("https://good.example/jwks"));
    assertTrue(immediate.lookup("https://bad.example/jwks") instanceof Lookup.Unreadable<String> unreadable
        && unreadable.reason().contains("not a URL"), "a reader that throws is a failed read");
  }

  @Test
  void aSlowReadIsCountedAsSlowAndAFailureAsFailed() {
    documents.lookup(ISSUER);
    clock.advance(Duration.ofMillis(2501));
    reads.answer(ISSUER, "v1");
    documents.lookup("https://other.example");
    reads.fail("https://other.example", new java.util.concurrent.TimeoutException());
    assertEquals(List.of(ProviderFetches.Outcome.SLOW, ProviderFetches.Outcome.FAILED), outcomes);
    assertEquals("no answer within 10000 ms",
        ((Lookup.Unreadable<String>) documents.lookup("https://other.example")).reason());
  }

  @Test
  void requestsRacingForAnUnknownDocumentStartOneRead() throws Exception {
    int threads = 16;
    CountDownLatch ready = new CountDownLatch(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Lookup<String>>> lookups = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        lookups.add(pool.submit(() -> {
          ready.countDown();
          ready.await();
          return documents.lookup(ISSUER);
        }));
      }
      for (Future<Lookup<String>> lookup : lookups) assertEquals(new Lookup.Reading<String>(), lookup.get());
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, reads.started(ISSUER));
  }

  private static CompletableFuture<String> thrown() {
    throw new IllegalArgumentException("not a URL");
  }

  static ProviderFetches counting(List<ProviderFetches.Outcome> outcomes) {
    return new ProviderFetches() {
      @Override
      public synchronized void read(Document document, Outcome outcome) {
        outcomes.add(outcome);
      }

      @Override
      public void refusedWithoutKeys() {}
    };
  }
}
