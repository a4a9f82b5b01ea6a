package io.parley.sessions.cost;

import io.parley.persistence.costs.CostEntry;
import io.parley.persistence.costs.JdbcCosts;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The node's cost entries written to {@code cost_entry} together: every model call adds one, and a
 * transaction of its own each (on H2 a commit writes a chunk of the file) cost more of a message's
 * CPU than the row. An entry is written at once on the caller's thread when no write is under way;
 * those that come while one is written go together in the next transaction, by whichever caller
 * finds the writer free. A transaction that fails is tried again entry by entry, so that one
 * entry's failure is that entry's only.
 */
final class CostWrites {
  /** Entries in one transaction at most, so that none holds its locks long. */
  private static final int MOST_TOGETHER = 256;

  private record Queued(CostEntry entry, CompletableFuture<Boolean> recorded) {}

  private final Function<List<CostEntry>, boolean[]> store;
  private final Queue<Queued> queued = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean writing = new AtomicBoolean();

  /** @param store writes entries in one transaction, telling whether each was new ({@link JdbcCosts#record(List)}) */
  CostWrites(Function<List<CostEntry>, boolean[]> store) {
    this.store = store;
  }

  /** Records {@code entry}; completes with whether it was new, or with the failure that kept it out. */
  CompletableFuture<Boolean> record(CostEntry entry) {
    Queued entryQueued = new Queued(entry, new CompletableFuture<>());
    queued.add(entryQueued);
    // Another entry's writer may take it; then this caller is done at once.
    while (!queued.isEmpty() && writing.compareAndSet(false, true)) {
      List<Queued> together = new ArrayList<>();
      boolean[] recorded = null;
      RuntimeException failed = null;
      try {
        for (Queued next; together.size() < MOST_TOGETHER && (next = queued.poll()) != null; ) together.add(next);
        recorded = store.apply(together.stream().map(Queued::entry).toList());
      } catch (RuntimeException failure) {
        failed = failure;
      } finally {
        writing.set(false);
      }
      if (recorded != null) {
        for (int i = 0; i < recorded.length; i++) together.get(i).recorded().complete(recorded[i]);
      } else if (together.size() == 1) {
        together.get(0).recorded().completeExceptionally(failed);
      } else {
        together.forEach(this::recordAlone);
      }
    }
    return entryQueued.recorded();
  }

  private void recordAlone(Queued entry) {
    try {
      entry.recorded().complete(store.apply(List.of(entry.entry()))[0]);
    } catch (RuntimeException failure) {
      entry.recorded().completeExceptionally(failure);
    }
  }
}
