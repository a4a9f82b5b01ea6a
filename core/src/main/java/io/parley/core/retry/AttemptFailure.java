package io.parley.core.retry;

/**
 * An attempt that did not succeed, saying whether another attempt may: transient failures (a
 * timeout, a 5xx, a connection refused) may be retried under a {@link RetryPolicy}, permanent ones
 * fail the same way again. Each module names its own kind, so that a handler catching one cannot
 * mistake another's for it.
 */
public abstract class AttemptFailure extends RuntimeException {
  private final boolean transientFailure;

  protected AttemptFailure(String message, boolean transientFailure) {
    super(message);
    this.transientFailure = transientFailure;
  }

  protected AttemptFailure(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public boolean transientFailure() {
    return transientFailure;
  }
}
