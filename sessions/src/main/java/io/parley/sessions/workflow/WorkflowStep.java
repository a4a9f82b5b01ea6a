package io.parley.sessions.workflow;

import io.parley.core.retry.Backoff;
import io.parley.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One named step of a workflow definition: what it does, how often it may be tried (transient
 * failures only, {@code backoff} apart), how long one attempt may take before it is abandoned and
 * counts as a transient failure, and, optionally, how to undo it when a later step fails for good.
 */
record WorkflowStep(String name, int maxAttempts, Duration attemptTimeout, Backoff backoff, Action run,
    Optional<Action> compensate) {
  /** What an attempt may take when the step does not say: generous, it only catches a hung attempt. */
  public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMinutes(1);

  public WorkflowStep {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(compensate, "compensate");
    RetryPolicy.atMost(maxAttempts, attemptTimeout, backoff); // validates the three
  }

  /** A step whose attempts may take up to {@link #DEFAULT_ATTEMPT_TIMEOUT}. */
  public WorkflowStep(String name, int maxAttempts, Backoff backoff, Action run, Optional<Action> compensate) {
    this(name, maxAttempts, DEFAULT_ATTEMPT_TIMEOUT, backoff, run, compensate);
  }

  /** How the step is tried: {@code maxAttempts} attempts in all, each up to {@code attemptTimeout}. */
  public RetryPolicy retryPolicy() {
    return RetryPolicy.atMost(maxAttempts, attemptTimeout, backoff);
  }

  /** How its compensation is tried: like the step, but until it succeeds. */
  RetryPolicy compensationPolicy() {
    return RetryPolicy.untilSuccess(attemptTimeout, backoff);
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
