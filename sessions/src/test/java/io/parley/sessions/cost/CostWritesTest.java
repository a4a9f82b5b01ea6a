package io.parley.sessions.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.costs.CostEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cost entries told within the gather go together in one transaction, those told while one is
 * written in the next, each told whether it was new; a transaction that fails is tried entry by
 * entry, so only the failing entry fails; what still gathers is written at once by a flush.
 */
class CostWritesTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void entriesToldWithinTheGatherGoInOneTransaction() throws Exception {
    HeldStore store = new HeldStore(entries -> new boolean[] {true, false, true}, false);
    CostWrites writes = new CostWrites(store::write, Duration.ofMillis(500), pool);
    CompletableFuture<Boolean> first = writes.record(entry("a"));
    CompletableFuture<Boolean> second = writes.record(entry("b"));
    CompletableFuture<Boolean> third = writes.record(entry("c"));
    assertFalse(first.isDone(), "waiting for others");

    assertTrue(first.get(10, TimeUnit.SECONDS));
    assertFalse(second.get(10, TimeUnit.SECONDS), "its key was there already");
    assertTrue(third.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(List.of("a", "b", "c")), store.transactions);
  }

  @Test
  void entriesToldWhileOneIsWrittenGoTogetherNext() throws Exception {
    HeldStore store = new HeldStore(entries -> {
      boolean[] recorded = new boolean[entries.size()];
      for (int i = 0; i < recorded.length; i++) recorded[i] = !entries.get(i).key().equals("b");
      return recorded;
    }, true);
    CostWrites writes = new CostWrites(store::write, Duration.ZERO, pool);
    CompletableFuture<Boolean> first = store.firstWriting(writes, entry("a"));
    CompletableFuture<Boolean> second = writes.record(entry("b"));
    CompletableFuture<Boolean> third = writes.record(entry("c"));
    assertFalse(second.isDone(), "queued behind the write under way");
    store.release.countDown();

    assertTrue(first.get(10, TimeUnit.SECONDS));
    assertFalse(second.get(10, TimeUnit.SECONDS), "its key was there already");
    assertTrue(third.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(List.of("a"), List.of("b", "c")), store.transactions);
  }

  @Test
  void aFailedTransactionIsTriedEntryByEntry() throws Exception {
    HeldStore store = new HeldStore(entries -> {
      if (entries.stream().anyMatch(entry -> entry.key().equals("bad"))) throw new IllegalStateException("no");
      return new boolean[entries.size()];
    }, true);
    CostWrites writes = new CostWrites(store::write, Duration.ZERO, pool);
    CompletableFuture<Boolean> first = store.firstWriting(writes, entry("a"));
    CompletableFuture<Boolean> bad = writes.record(entry("bad"));
    CompletableFuture<Boolean> good = writes.record(entry("good"));
    store.release.countDown();

    first.get(10, TimeUnit.SECONDS);
    assertFalse(good.get(10, TimeUnit.SECONDS), "written alone after the failed transaction");
    assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(List.of("a"), List.of("bad", "good"), List.of("bad"), List.of("good")), store.transactions);
  }

  @Test
  void aFlushWritesWhatGathersAtOnce() throws Exception {
    HeldStore store = new HeldStore(entries -> new boolean[entries.size()], false);
    CostWrites writes = new CostWrites(store::write, Duration.ofHours(1), pool);
    CompletableFuture<Boolean> first = writes.record(entry("a"));
    CompletableFuture<Boolean> second = writes.record(entry("b"));

    writes.flush();
    assertTrue(first.isDone() && second.isDone(), "written by the flush, not an hour later");
    assertEquals(List.of(List.of("a", "b")), store.transactions);
  }

  /** A store that notes each transaction's keys and, when told to, holds the first until released. */
  private static final class HeldStore {
    final List<List<String>> transactions = new CopyOnWriteArrayList<>();
    final CountDownLatch writing = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final Function<List<CostEntry>, boolean[]> answer;
    private final boolean holdsFirst;

    HeldStore(Function<List<CostEntry>, boolean[]> answer, boolean holdsFirst) {
      this.answer = answer;
      this.holdsFirst = holdsFirst;
    }

    boolean[] write(List<CostEntry> entries) {
      transactions.add(entries.stream().map(CostEntry::key).toList());
      if (holdsFirst && transactions.size() == 1) {
        writing.countDown();
        await(release);
      }
      return answer.apply(entries);
    }

    /** {@code entry} recorded, its write under way (and held) when this returns. */
    CompletableFuture<Boolean> firstWriting(CostWrites writes, CostEntry entry) throws InterruptedException {
      CompletableFuture<Boolean> recorded = writes.record(entry);
      assertTrue(writing.await(10, TimeUnit.SECONDS));
      return recorded;
    }
  }

  private static CostEntry entry(String key) {
    return new CostEntry("acme", key, "s1", "model", "default", 10, 100, "USD", Instant.parse("2026-11-29T00:00:00Z"));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertTrue(latch.await(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
