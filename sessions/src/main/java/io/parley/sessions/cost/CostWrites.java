package io.parley.sessions.cost;

import io.parley.persistence.costs.CostEntry;
import io.parley.persistence.costs.JdbcCosts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The node's cost entries written to {@code cost_entry} together: every model call adds one, and a
 * transaction of its own each (on H2 a commit writes a chunk of the file) cost more of a message's
 * CPU than the row. The first entry told after a write waits {@code gather} for others, and they
 * go in one transaction (those told while it is written go in the next). A transaction that fails
 * is tried again entry by entry, so that one entry's failure is that entry's only. What waits at
 * the node's stop is written by {@link #flush()}.
 */
final class CostWrites {
  /** Entries in one transaction at most, so that none holds its locks long. */
  private static final int MOST_TOGETHER = 256;

  private record Queued(CostEntry entry, CompletableFuture<Boolean> recorded) {}

  private final Function<List<CostEntry>, boolean[]> store;
  private final Executor later;
  private final Queue<Queued> queued = new ConcurrentLinkedQueue<>();
  // A write is due (waiting for its gather, or under way): an entry told meanwhile goes with it or the next.
  private final AtomicBoolean due = new AtomicBoolean();

  /**
   * @param store writes entries in one transaction, telling whether each was new ({@link JdbcCosts#record(List)})
   * @param gather how long the first entry waits for others; zero writes at once on {@code pool}
   * @param pool where the writes run (they block on the database)
   */
  CostWrites(Function<List<CostEntry>, boolean[]> store, Duration gather, Executor pool) {
    this.store = store;
    this.later = gather.isZero() ? pool : CompletableFuture.delayedExecutor(gather.toNanos(), TimeUnit.NANOSECONDS, pool);
  }

  /** Records {@code entry}; completes with whether it was new, or with the failure that kept it out. */
  CompletableFuture<Boolean> record(CostEntry entry) {
    Queued entryQueued = new Queued(entry, new CompletableFuture<>());
    queued.add(entryQueued);
    if (due.compareAndSet(false, true)) later.execute(this::writeDue);
    return entryQueued.recorded();
  }

  /** Writes every entry told so far on the caller's thread, as the node stops. */
  void flush() {
    for (List<Queued> together = take(); !together.isEmpty(); together = take()) write(together);
  }

  private void writeDue() {
    do {
      flush();
      due.set(false);
      // An entry told between the last take and the reset found a write due: this one writes it.
    } while (!queued.isEmpty() && due.compareAndSet(false, true));
  }

  private List<Queued> take() {
    List<Queued> together = new ArrayList<>();
    for (Queued next; together.size() < MOST_TOGETHER && (next = queued.poll()) != null; ) together.add(next);
    return together;
  }

  private void write(List<Queued> together) {
    boolean[] recorded;
    try {
      recorded = store.apply(together.stream().map(Queued::entry).toList());
    } catch (RuntimeException failed) {
      if (together.size() == 1) {
        together.get(0).recorded().completeExceptionally(failed);
      } else {
        together.forEach(this::recordAlone);
      }
      return;
    }
    for (int i = 0; i < recorded.length; i++) together.get(i).recorded().complete(recorded[i]);
  }

  private void recordAlone(Queued entry) {
    try {
      entry.recorded().complete(store.apply(List.of(entry.entry()))[0]);
    } catch (RuntimeException failure) {
      entry.recorded().completeExceptionally(failure);
    }
  }
}
