package io.parley.sessions.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.costs.CostEntry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cost entries told while one is written go together in the next transaction, each told whether it
 * was new; a transaction that fails is tried entry by entry, so only the failing entry fails.
 */
class CostWritesTest {
  @Test
  void entriesToldWhileOneIsWrittenGoTogetherNext() throws Exception {
    CountDownLatch firstWriting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<String>> transactions = new CopyOnWriteArrayList<>();
    CostWrites writes = new CostWrites(entries -> {
      transactions.add(entries.stream().map(CostEntry::key).toList());
      if (transactions.size() == 1) {
        firstWriting.countDown();
        await(release);
      }
      boolean[] recorded = new boolean[entries.size()];
      for (int i = 0; i < recorded.length; i++) recorded[i] = !entries.get(i).key().equals("b");
      return recorded;
    });
    CompletableFuture<CompletableFuture<Boolean>> first = CompletableFuture.supplyAsync(() -> writes.record(entry("a")));
    assertTrue(firstWriting.await(10, TimeUnit.SECONDS));
    CompletableFuture<Boolean> second = writes.record(entry("b"));
    CompletableFuture<Boolean> third = writes.record(entry("c"));
    assertFalse(second.isDone(), "queued behind the write under way");
    release.countDown();

    assertTrue(first.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS));
    assertFalse(second.get(10, TimeUnit.SECONDS), "its key was there already");
    assertTrue(third.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(List.of("a"), List.of("b", "c")), transactions);
  }

  @Test
  void aFailedTransactionIsTriedEntryByEntry() throws Exception {
    CountDownLatch firstWriting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<List<String>> transactions = new CopyOnWriteArrayList<>();
    CostWrites writes = new CostWrites(entries -> {
      transactions.add(entries.stream().map(CostEntry::key).toList());
      if (transactions.size() == 1) {
        firstWriting.countDown();
        await(release);
      }
      if (entries.stream().anyMatch(entry -> entry.key().equals("bad"))) throw new IllegalStateException("no");
      return new boolean[entries.size()];
    });
    CompletableFuture<CompletableFuture<Boolean>> first = CompletableFuture.supplyAsync(() -> writes.record(entry("a")));
    assertTrue(firstWriting.await(10, TimeUnit.SECONDS));
    CompletableFuture<Boolean> bad = writes.record(entry("bad"));
    CompletableFuture<Boolean> good = writes.record(entry("good"));
    release.countDown();

    first.get(10, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
    assertFalse(good.get(10, TimeUnit.SECONDS), "written alone after the failed transaction");
    assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
    assertEquals(List.of(List.of("a"), List.of("bad", "good"), List.of("bad"), List.of("good")), transactions);
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
