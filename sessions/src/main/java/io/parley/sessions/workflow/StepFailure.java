package io.parley.sessions.workflow;

import io.parley.core.retry.AttemptFailure;

/**
 * A workflow step attempt that did not succeed; a transient one may be retried, a permanent one
 * ends the step (and starts the compensations). Not a {@link io.parley.tools.ToolFailure}: a
 * step's message is recorded with its attempt, for the operator, and never reaches the model.
 */
public class StepFailure extends AttemptFailure {
  public StepFailure(String message, boolean transientFailure) {
    super(message, transientFailure);
  }

  public StepFailure(String message, boolean transientFailure, Throwable cause) {
    super(message, transientFailure, cause);
  }
}
