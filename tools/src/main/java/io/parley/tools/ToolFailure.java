package io.parley.tools;

import io.parley.core.retry.AttemptFailure;

/**
 * A tool call that did not succeed. Transient failures (a timeout, a 5xx, a connection refused)
 * may be retried; permanent ones (a ticket that does not exist, arguments the tool rejects) go
 * back to the model as an error result at once, with this failure's message.
 */
public class ToolFailure extends AttemptFailure {
  public ToolFailure(String message, boolean transientFailure) {
    super(message, transientFailure);
  }

  public ToolFailure(String message, boolean transientFailure, Throwable cause) {
    super(message, transientFailure, cause);
  }
}
