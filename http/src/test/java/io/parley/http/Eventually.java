package io.parley.http;

import java.time.Duration;
import java.util.function.Predicate;

/** Waits in a test for something the node does in its own time, polling every 50 ms up to a limit. */
public final class Eventually {
  /** A look at the node, which may throw (a request that fails, say): a throw ends the wait. */
  @FunctionalInterface
  public interface Condition<E extends Exception> {
    boolean holds() throws E;
  }

  /** A look at the node that returns what it saw, and may throw as {@link Condition} may. */
  @FunctionalInterface
  interface Probe<T, E extends Exception> {
    T get() throws E;
  }

  private Eventually() {}

  /** Returns once {@code condition} holds; fails with "no {@code what} in time" after {@code limit}. */
  public static <E extends Exception> void holds(String what, Duration limit, Condition<E> condition)
      throws E, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) throw new AssertionError("no " + what + " in time");
      Thread.sleep(50);
    }
  }

  /**
   * The first thing {@code probe} sees that {@code done} accepts, looking every 100 ms; fails after
   * {@code limit} with "{@code what} not in time" and the last thing seen.
   */
  static <T, E extends Exception> T seen(String what, Duration limit, Probe<T, E> probe, Predicate<T> done)
      throws E, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) throw new AssertionError(what + " not in time; last seen: " + last);
      Thread.sleep(100);
      last = probe.get();
    }
    return last;
  }
}
