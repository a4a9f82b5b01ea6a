package io.parley.frontdoor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP requests a port is answering, for its graceful end: once it starts refusing, no new
 * request is taken, and {@link #drained} completes when the last one under way is answered.
 */
final class RequestsUnderWay {
  private int underWay;
  private boolean refusing;
  private final CompletableFuture<Void> drained = new CompletableFuture<>();

  /** Counts a new request in; false when the port refuses new requests. */
  synchronized boolean admit() {
    if (refusing) return false;
    underWay++;
    return true;
  }

  synchronized void answered() {
    underWay--;
    if (refusing && underWay == 0) drained.complete(null);
  }

  /**
   * Refuses new requests from now on; completes with true when those under way are answered, or
   * with false at {@code deadline} if some are not.
   */
  CompletionStage<Boolean> refuseAndDrain(Duration deadline) {
    synchronized (this) {
      refusing = true;
      if (underWay == 0) drained.complete(null);
    }
    return drained.thenApply(answered -> true).completeOnTimeout(false, deadline.toMillis(), TimeUnit.MILLISECONDS);
  }
}
