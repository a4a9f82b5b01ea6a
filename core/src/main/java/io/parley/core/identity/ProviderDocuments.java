package io.parley.core.identity;

import io.parley.core.AsyncCause;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Documents of one kind that identity providers publish (discovery documents, or key sets), each
 * read by {@code reader} off the threads that serve requests and kept, so that a request never
 * waits for a provider: {@link #lookup} answers at once with what is known. A document read is
 * used for {@link ProviderFetchSettings#keep()}, then read again in the background while it stays
 * in use, up to {@link ProviderFetchSettings#staleLimit()} longer if its provider cannot be read; a
 * failed read is not tried again before a backoff that doubles with each failure in a row; at most
 * one read of a document is under way, however many requests ask for it. A failed or slow read is
 * logged as a warning and counted.
 *
 * @param <K> what names a document: an issuer, or a key set's URL (never a {@code java.net.URL},
 *     whose {@code equals} resolves host names)
 */
final class ProviderDocuments<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderDocuments.class);

  /** What is known of a document now. */
  sealed interface Lookup<V> {
    /** Read, and in use (perhaps being read again meanwhile). */
    record Known<V>(V document) implements Lookup<V> {}

    /** Not known yet: a read is under way. */
    record Reading<V>() implements Lookup<V> {}

    /** Not known: the last read failed for {@code reason}, and the next may start at {@code retryAt}. */
    record Unreadable<V>(String reason, Instant retryAt) implements Lookup<V> {}
  }

  private record Read<V>(V document, Instant at) {}

  private record Failure(String reason, int inARow, Instant retryAt) {}

  /** Immutable: replaced whole, in the map's {@code compute}, so that every change is atomic. */
  private record Entry<V>(
      Optional<Read<V>> read, Optional<CompletableFuture<V>> reading, Optional<Failure> failure, Optional<Instant> started) {
    static <V> Entry<V> none() {
      return new Entry<>(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    Entry<V> reading(CompletableFuture<V> slot, Instant now) {
      return new Entry<>(read, Optional.of(slot), failure, Optional.of(now));
    }
  }

  private final ProviderFetches.Document kind;
  private final Function<K, CompletableFuture<V>> reader;
  private final ProviderFetchSettings settings;
  private final ProviderFetches outcomes;
  private final Clock clock;
  private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

  /** {@code reader} starts a read and returns at once; the read must end, with a failure if need be, within the timeout. */
  ProviderDocuments(ProviderFetches.Document kind, Function<K, CompletableFuture<V>> reader, ProviderFetchSettings settings,
      ProviderFetches outcomes, Clock clock) {
    this.kind = kind;
    this.reader = reader;
    this.settings = settings;
    this.outcomes = outcomes;
    this.clock = clock;
  }

  /** What is known of {@code key}'s document, starting a read when one is due (none known, or kept long enough); never waits. */
  Lookup<V> lookup(K key) {
    Instant now = clock.instant();
    return answer(current(key, now), now);
  }

  /**
   * Reads {@code key}'s document again although it is known (a token names a key it lacks), unless
   * a read started less than {@link ProviderFetchSettings#refreshInterval()} ago or the provider is
   * being left alone after a failure; returns whether a read is under way.
   */
  boolean refresh(K key) {
    return start(key, clock.instant(), this::refreshDue).reading().isPresent();
  }

  /** The document when known; else the read under way, or a failure saying why it cannot be read now. */
  CompletionStage<V> document(K key) {
    Instant now = clock.instant();
    Entry<V> entry = current(key, now);
    return switch (answer(entry, now)) {
      case Lookup.Known<V> known -> CompletableFuture.completedFuture(known.document());
      case Lookup.Reading<V> reading -> entry.reading().orElseThrow().minimalCompletionStage();
      case Lookup.Unreadable<V> unreadable -> CompletableFuture.failedFuture(new IOException(unreadable.reason()));
    };
  }

  /** {@code key}'s entry, with a read started when one is due (none known, or kept long enough). */
  private Entry<V> current(K key, Instant now) {
    Entry<V> entry = entries.getOrDefault(key, Entry.none());
    return readDue(entry, now) ? start(key, now, this::readDue) : entry;
  }

  private boolean readDue(Entry<V> entry, Instant now) {
    return entry.reading().isEmpty() && !backingOff(entry, now)
        && entry.read().map(read -> !now.isBefore(read.at().plus(settings.keep()))).orElse(true);
  }

  private boolean refreshDue(Entry<V> entry, Instant now) {
    return entry.reading().isEmpty() && !backingOff(entry, now)
        && entry.started().map(started -> !now.isBefore(started.plus(settings.refreshInterval()))).orElse(true);
  }

  private static boolean backingOff(Entry<?> entry, Instant now) {
    return entry.failure().filter(failure -> now.isBefore(failure.retryAt())).isPresent();
  }

  private Lookup<V> answer(Entry<V> entry, Instant now) {
    Optional<Read<V>> usable = usable(entry, now);
    if (usable.isPresent()) return new Lookup.Known<>(usable.get().document());
    if (entry.reading().isPresent()) return new Lookup.Reading<>();
    return entry.failure().<Lookup<V>>map(failure -> new Lookup.Unreadable<>(failure.reason(), failure.retryAt()))
        .orElseGet(() -> new Lookup.Unreadable<>("not read", now));
  }

  /** The document read, unless it is older than its lifetime and the stale limit together. */
  private Optional<Read<V>> usable(Entry<V> entry, Instant now) {
    return entry.read().filter(read -> now.isBefore(read.at().plus(settings.keep()).plus(settings.staleLimit())));
  }

  /**
   * Starts a read of {@code key} when {@code due} says so of its entry, decided atomically: of
   * the requests that race here, one starts it. The read starts outside the map's lock, since a
   * read that ends at once calls {@link #finish}, which changes the entry again.
   */
  private Entry<V> start(K key, Instant now, BiPredicate<Entry<V>, Instant> due) {
    CompletableFuture<V> slot = new CompletableFuture<>();
    Entry<V> after = entries.compute(key, (name, was) -> {
      Entry<V> entry = was == null ? Entry.none() : was;
      return due.test(entry, now) ? entry.reading(slot, now) : entry;
    });
    if (after.reading().filter(reading -> reading == slot).isPresent()) {
      CompletableFuture<V> read;
      try {
        read = reader.apply(key);
      } catch (RuntimeException e) {
        read = CompletableFuture.failedFuture(e);
      }
      read.whenComplete((document, failure) -> finish(key, slot, now, document, failure));
    }
    // A read that ended at once has changed the entry already.
    return entries.getOrDefault(key, after);
  }

  private void finish(K key, CompletableFuture<V> slot, Instant started, V document, Throwable failure) {
    Instant now = clock.instant();
    Duration took = Duration.between(started, now);
    String reason = failure == null ? "" : reason(AsyncCause.of(failure));
    // Only this read changes the entry's failure: none other of it is under way.
    Optional<Failure> before = entries.getOrDefault(key, Entry.none()).failure();
    Entry<V> after = entries.compute(key, (name, was) -> {
      Entry<V> entry = was == null ? Entry.none() : was;
      if (failure == null) {
        return new Entry<>(Optional.of(new Read<>(document, now)), Optional.empty(), Optional.empty(), entry.started());
      }
      int inARow = before.map(previous -> previous.inARow() + 1).orElse(1);
      Instant retryAt = now.plus(settings.backoff().delayBeforeRetry(inARow, () -> 0.0));
      return new Entry<>(entry.read(), Optional.empty(), Optional.of(new Failure(reason, inARow, retryAt)), entry.started());
    });
    if (failure != null) {
      Failure failed = after.failure().orElseThrow();
      outcomes.read(kind, ProviderFetches.Outcome.FAILED);
      LOG.warn("The {} of {} could not be read ({}, after {} ms, {} in a row); the next read starts in {} s, and until one "
              + "succeeds {}", kind.description(), key, reason, took.toMillis(), failed.inARow(),
          Duration.between(now, failed.retryAt()).toSeconds(), usable(after, now)
              .map(read -> "the one read at " + read.at() + " stays in use").orElse("tokens that need it are refused"));
      slot.completeExceptionally(new IOException(reason));
      return;
    }
    boolean slow = took.compareTo(settings.slow()) > 0;
    outcomes.read(kind, slow ? ProviderFetches.Outcome.SLOW : ProviderFetches.Outcome.READ);
    if (slow) LOG.warn("The {} of {} took {} ms to read: its provider is slow", kind.description(), key, took.toMillis());
    before.ifPresent(failed -> LOG.info("The {} of {} is read again, after {} failed reads", kind.description(), key,
        failed.inARow()));
    slot.complete(document);
  }

  private String reason(Throwable failure) {
    return failure instanceof TimeoutException ? "no answer within " + settings.timeout().toMillis() + " ms"
        : AsyncCause.describe(failure);
  }
}
