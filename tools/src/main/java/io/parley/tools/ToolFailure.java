package io.parley.tools;

/**
 * A tool call that did not succeed. Transient failures (a timeout, a 5xx, a connection refused)
 * may be retried; permanent ones (a ticket that does not exist, arguments the tool rejects) go
 * back to the model as an error result at once.
 */
public class ToolFailure extends RuntimeException {
  private final boolean transientFailure;

  public ToolFailure(String message, boolean transientFailure) {
    super(message);
    this.transientFailure = transientFailure;
  }

  public ToolFailure(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public boolean transientFailure() {
    return transientFailure;
  }
}
