package io.parley.core.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Reads of a provider that end when the test says so: each read started is kept, to be answered
 * or failed by hand, so that what a cache does while a read is under way is tested without waiting.
 */
final class ManualReads<K, V> implements Function<K, CompletableFuture<V>> {
  private record Started<K, V>(K key, CompletableFuture<V> read) {}

  private final List<Started<K, V>> started = new ArrayList<>();

  @Override
  public synchronized CompletableFuture<V> apply(K key) {
    CompletableFuture<V> read = new CompletableFuture<>();
    started.add(new Started<>(key, read));
    return read;
  }

  /** How many reads of {@code key} have started. */
  synchronized int started(K key) {
    return (int) started.stream().filter(read -> read.key().equals(key)).count();
  }

  /** Ends the latest read of {@code key} with {@code document}. */
  void answer(K key, V document) {
    latest(key).complete(document);
  }

  /** Ends the latest read of {@code key} with {@code failure}. */
  void fail(K key, Exception failure) {
    latest(key).completeExceptionally(failure);
  }

  private synchronized CompletableFuture<V> latest(K key) {
    return started.reversed().stream().filter(read -> read.key().equals(key)).findFirst()
        .orElseThrow(() -> new AssertionError("no read of " + key + " started")).read();
  }
}
