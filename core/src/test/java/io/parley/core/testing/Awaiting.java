package io.parley.core.testing;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * How a test waits for what a node or another thread does in its own time: Awaitility, the alias
 * naming what is awaited so that a timeout says what never came. Awaitility would also end a wait on
 * any uncaught exception of any thread in the JVM (a node's own included); a wait here asserts its
 * condition and nothing else, as a test's own assertions say.
 */
public final class Awaiting {
  private Awaiting() {}

  /** Awaitility's {@code await(what)}, deaf to other threads' uncaught exceptions. */
  public static ConditionFactory await(String what) {
    return Awaitility.await(what).dontCatchUncaughtExceptions();
  }
}
