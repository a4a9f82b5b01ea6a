package io.parley.sessions.workflow;

/** A step attempt that did not succeed; a transient one may be retried, a permanent one ends the step. */
public class StepFailure extends RuntimeException {
  private final boolean transientFailure;

  public StepFailure(String message, boolean transientFailure) {
    super(message);
    this.transientFailure = transientFailure;
  }

  public StepFailure(String message, boolean transientFailure, Throwable cause) {
    super(message, cause);
    this.transientFailure = transientFailure;
  }

  public boolean transientFailure() {
    return transientFailure;
  }
}
