package io.parley.voice.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something another thread makes true. */
public final class Eventually {
  private Eventually() {}

  /** @throws AssertionError naming {@code what} when it is not true within 5 seconds */
  public static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("not within 5 s: " + what);
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
