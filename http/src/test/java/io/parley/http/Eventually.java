package io.parley.http;

import java.time.Duration;

/** Waits in a test for something the node does in its own time, polling every 50 ms up to a limit. */
final class Eventually {
  /** A look at the node, which may throw (a request that fails, say): a throw ends the wait. */
  @FunctionalInterface
  interface Condition<E extends Exception> {
    boolean holds() throws E;
  }

  private Eventually() {}

  /** Returns once {@code condition} holds; fails with "no {@code what} in time" after {@code limit}. */
  static <E extends Exception> void holds(String what, Duration limit, Condition<E> condition)
      throws E, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) throw new AssertionError("no " + what + " in time");
      Thread.sleep(50);
    }
  }
}
