package io.parley.core.compute;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * Where CPU-bound tenant work runs (an evaluation's checks and redaction, a closed conversation's
 * redaction before the judge scores it, a knowledge-base document's chunks embedded): platform
 * threads of its own, {@code parley-cpu-N}, a few (from the cores). Never a virtual thread: the JVM
 * does not take a carrier from a virtual thread that computes, so a few such threads hold every
 * carrier, and the outbound calls that wait on virtual threads (MCP tool calls, identity providers'
 * reads) wait with them. Nor the blocking dispatcher, where tool calls and JDBC run: the OS shares
 * the cores between these threads and those. The caller waits for the result (a virtual thread
 * parks, freeing its carrier). Tenants take turns: each has a queue, and a free thread takes the
 * next task of the next tenant with work, so one tenant's thousand tasks delay another's by at
 * most one task per thread.
 */
public final class CpuWork implements AutoCloseable {
  private final List<Thread> threads;
  /** Each tenant's tasks waiting, and the tenants with some in turn order; guarded by this. */
  private final Map<String, ArrayDeque<Task>> queues = new HashMap<>();
  private final ArrayDeque<String> turns = new ArrayDeque<>();
  private boolean closed;

  /** A task and the result its caller waits for. */
  private record Task(Runnable work, CompletableFuture<?> result) {}

  private CpuWork(String name, int threads) {
    this.threads = IntStream.rangeClosed(1, threads)
        .mapToObj(n -> Thread.ofPlatform().daemon().name(name + "-" + n).unstarted(this::work)).toList();
    this.threads.forEach(Thread::start);
  }

  /** {@code threads} threads, {@code parley-cpu-N}; see {@link #threads(int)}. */
  public static CpuWork start(int threads) {
    return start("parley-cpu", threads);
  }

  /**
   * {@code threads} threads named {@code name-N}: a pool apart from the node's CPU work, for work a
   * conversation waits on that must not queue behind an import's or an evaluation's.
   */
  public static CpuWork start(String name, int threads) {
    if (threads < 1) throw new IllegalArgumentException("CPU work needs at least one thread, got " + threads);
    return new CpuWork(name, threads);
  }

  /** The threads a setting asks for: itself when positive, else ({@code 0}) one fewer than the cores, at least one. */
  public static int threads(int setting) {
    return setting > 0 ? setting : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
  }

  /**
   * {@code work} done for {@code tenant} on one of these threads, waited for here; what it throws
   * is thrown here. Work that is already on one of them runs in place.
   *
   * @throws RejectedExecutionException once closed: the node is stopping
   */
  public <T> T run(String tenant, Supplier<T> work) {
    if (threads.contains(Thread.currentThread())) return work.get();
    CompletableFuture<T> result = submit(tenant, work);
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException thrown) throw thrown;
      if (e.getCause() instanceof Error thrown) throw thrown;
      throw e;
    }
  }

  /**
   * {@code work} done for {@code tenant} on one of these threads, for a caller that must not wait (an
   * actor): the result completes with what it returns or throws, or with {@link RejectedExecutionException}
   * once closed.
   */
  public <T> CompletableFuture<T> submit(String tenant, Supplier<T> work) {
    CompletableFuture<T> result = new CompletableFuture<>();
    Runnable task = () -> {
      try {
        result.complete(work.get());
      } catch (Throwable e) {
        result.completeExceptionally(e);
      }
    };
    synchronized (this) {
      if (closed) return CompletableFuture.failedFuture(new RejectedExecutionException("the node is stopping"));
      ArrayDeque<Task> queue = queues.computeIfAbsent(tenant, t -> new ArrayDeque<>());
      if (queue.isEmpty()) turns.addLast(tenant);
      queue.addLast(new Task(task, result));
      notify();
    }
    return result;
  }

  /** How many tasks wait for a thread. */
  synchronized int waiting() {
    return queues.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  private void work() {
    while (true) {
      Task task;
      synchronized (this) {
        while (turns.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) return;
        String tenant = turns.pollFirst();
        ArrayDeque<Task> queue = queues.get(tenant);
        task = queue.pollFirst();
        if (queue.isEmpty()) queues.remove(tenant);
        else turns.addLast(tenant);
      }
      task.work().run();
    }
  }

  /** Stops the threads once their tasks under way end; what still waits fails with {@link RejectedExecutionException}. */
  @Override
  public void close() {
    List<Task> left;
    synchronized (this) {
      if (closed) return;
      closed = true;
      left = queues.values().stream().flatMap(ArrayDeque::stream).toList();
      queues.clear();
      turns.clear();
      notifyAll();
    }
    RejectedExecutionException stopping = new RejectedExecutionException("the node is stopping");
    left.forEach(task -> task.result().completeExceptionally(stopping));
  }
}
