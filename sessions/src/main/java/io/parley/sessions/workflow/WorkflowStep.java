package io.parley.sessions.workflow;

import io.parley.core.retry.Backoff;
import java.util.Objects;
import java.util.Optional;

/**
 * One named step of a {@link WorkflowDefinition}: what it does, how often it may be tried (transient
 * failures only, {@code backoff} apart) and, optionally, how to undo it when a later step fails for good.
 */
public record WorkflowStep(String name, int maxAttempts, Backoff backoff, Action run, Optional<Action> compensate) {
  public WorkflowStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(compensate, "compensate");
    if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
  }

  /**
   * Blocking work, run off the actor threads. Returns a short result (an id, a status) that later
   * steps and the status view see. Must be safe to repeat with the same {@link StepContext#idempotencyKey()}.
   *
   * @throws StepFailure to say whether a retry may help; any other exception counts as transient
   */
  @FunctionalInterface
  public interface Action {
    String run(StepContext context) throws Exception;
  }
}
