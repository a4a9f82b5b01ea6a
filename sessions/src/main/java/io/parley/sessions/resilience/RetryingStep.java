package io.parley.sessions.resilience;

import io.parley.core.AsyncCause;
import io.parley.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one blocking step (a tool call, an archive write, a workflow step) off the actor threads
 * under a {@link RetryPolicy}: each attempt bounded by the policy's timeout, a transient failure
 * retried after the backoff, until the step succeeds or the policy gives up. It reports exactly once
 * to its parent, then stops; a parent that stops takes it along.
 *
 * <p>A timed-out attempt is abandoned, not interrupted (blocking code cannot be stopped from
 * outside): it may still finish, which is why steps must be safe to repeat, but its late result is
 * ignored.
 */
public final class RetryingStep<T, M> extends AbstractBehavior<RetryingStep.Command> {
  public sealed interface Command {}

  private record Attempted(int attempt, Object result, Throwable failure) implements Command {}

  private record AttemptTimedOut(int attempt) implements Command {}

  private record RetryNow() implements Command {}

  /** What made an attempt fail. */
  public sealed interface Failure {
    /** Whether another attempt might succeed. */
    boolean transientFailure();

    /** For logs and error results. */
    String describe();
  }

  /** The attempt had no result within the policy's timeout; always transient. */
  public record TimedOut(Duration timeout) implements Failure {
    @Override
    public boolean transientFailure() {
      return true;
    }

    @Override
    public String describe() {
      return "no result within " + timeout.toMillis() + " ms";
    }
  }

  /** The attempt threw {@code cause} (unwrapped), transient or not as the step's predicate said. */
  public record Threw(Throwable cause, boolean transientFailure) implements Failure {
    @Override
    public String describe() {
      return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
  }

  /** The step did not succeed: after {@code attempts} attempts, the last of which failed with {@code lastFailure}. */
  public record GaveUp(int attempts, Failure lastFailure) {}

  private static final Object ATTEMPT_TIMEOUT = "attempt-timeout";
  private static final Object RETRY = "retry";

  /**
   * {@code transientFailure} classifies what an attempt threw (a timeout is always transient);
   * {@code onSuccess} and {@code onGaveUp} turn the outcome into the parent's message.
   */
  public static <T, M> Behavior<Command> create(String name, Callable<T> step, RetryPolicy policy,
      Predicate<Throwable> transientFailure, ActorRef<M> parent, Function<T, M> onSuccess, Function<GaveUp, M> onGaveUp) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new RetryingStep<>(ctx, timers, name, step, policy, transientFailure, parent, onSuccess, onGaveUp)));
  }

  /**
   * For work that must not be lost (an archive write): every failure counts as transient and the
   * policy sets no bound, so the only report is the success.
   */
  public static <T, M> Behavior<Command> untilSuccess(String name, Callable<T> step, RetryPolicy policy,
      ActorRef<M> parent, Function<T, M> onSuccess) {
    if (policy.maxAttempts().isPresent()) throw new IllegalArgumentException(name + " must be retried without a bound");
    return create(name, step, policy, failure -> true, parent, onSuccess, gaveUp -> {
      throw new IllegalStateException(name + " gave up although every failure is retried: " + gaveUp);
    });
  }

  private final TimerScheduler<Command> timers;
  private final String name;
  private final Callable<T> step;
  private final RetryPolicy policy;
  private final Predicate<Throwable> transientFailure;
  private final ActorRef<M> parent;
  private final Function<T, M> onSuccess;
  private final Function<GaveUp, M> onGaveUp;
  private final Executor blocking;
  private int attempt;
  // False while backing off: whatever result arrives then belongs to an abandoned attempt.
  private boolean attemptRunning;

  private RetryingStep(ActorContext<Command> ctx, TimerScheduler<Command> timers, String name, Callable<T> step,
      RetryPolicy policy, Predicate<Throwable> transientFailure, ActorRef<M> parent, Function<T, M> onSuccess,
      Function<GaveUp, M> onGaveUp) {
    super(ctx);
    this.timers = timers;
    this.name = name;
    this.step = step;
    this.policy = policy;
    this.transientFailure = transientFailure;
    this.parent = parent;
    this.onSuccess = onSuccess;
    this.onGaveUp = onGaveUp;
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    startAttempt();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attempted.class, this::onAttempted)
        .onMessage(AttemptTimedOut.class, this::onTimedOut)
        .onMessage(RetryNow.class, retry -> {
          startAttempt();
          return this;
        })
        .build();
  }

  private void startAttempt() {
    int number = ++attempt;
    attemptRunning = true;
    timers.startSingleTimer(ATTEMPT_TIMEOUT, new AttemptTimedOut(number), policy.attemptTimeout());
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> {
      try {
        return (Object) step.call();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, blocking), (result, failure) -> new Attempted(number, result, failure));
  }

  private boolean isRunning(int number) {
    return attemptRunning && number == attempt;
  }

  private Behavior<Command> onAttempted(Attempted attempted) {
    if (!isRunning(attempted.attempt())) {
      getContext().getLog().debug("{}: late result of abandoned attempt {} ignored", name, attempted.attempt());
      return this;
    }
    attemptRunning = false;
    timers.cancel(ATTEMPT_TIMEOUT);
    if (attempted.failure() == null) {
      @SuppressWarnings("unchecked")
      T result = (T) attempted.result();
      parent.tell(onSuccess.apply(result));
      return Behaviors.stopped();
    }
    Throwable cause = AsyncCause.of(attempted.failure());
    return failed(new Threw(cause, transientFailure.test(cause)));
  }

  private Behavior<Command> onTimedOut(AttemptTimedOut timedOut) {
    if (!isRunning(timedOut.attempt())) return this;
    attemptRunning = false;
    return failed(new TimedOut(policy.attemptTimeout()));
  }

  private Behavior<Command> failed(Failure failure) {
    Optional<Duration> retry = policy.nextRetry(attempt, failure.transientFailure(), ThreadLocalRandom.current()::nextDouble);
    if (retry.isEmpty()) {
      parent.tell(onGaveUp.apply(new GaveUp(attempt, failure)));
      return Behaviors.stopped();
    }
    getContext().getLog().warn("{} failed (attempt {}), retrying in {} ms: {}", name, attempt, retry.get().toMillis(),
        failure.describe());
    timers.startSingleTimer(RETRY, new RetryNow(), retry.get());
    return this;
  }
}
