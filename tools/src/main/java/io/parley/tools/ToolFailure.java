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

  /**
   * A call the node's outbound policy refused ({@code refused} holds the address and why). The
   * model reads only that the address is not allowed: it repeats what it is given, so an address,
   * a host or a setting would reach the customer. Whoever runs the node reads the whole refusal in
   * the log, and the tenant's admins when they save or try the tool.
   */
  public static ToolFailure refusedAddress(String toolName, Throwable refused) {
    return new ToolFailure(toolName + " may not be called: the tool's address is not allowed", false, refused);
  }
}
