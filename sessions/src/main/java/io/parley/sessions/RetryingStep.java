package io.parley.sessions;

import io.parley.core.AsyncCause;
import io.parley.core.retry.Backoff;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one blocking step (an archive write, a memory update) off the actor threads, retrying with
 * exponential backoff and jitter until it succeeds, then reports the result to its parent and
 * stops. It never gives up: what it writes must not be lost. If the parent stops (passivation,
 * crash) it stops too, and the parent runs it again after recovery.
 */
final class RetryingStep<T, M> extends AbstractBehavior<RetryingStep.Command> {
  sealed interface Command {}

  private record Attempted(Object result, Throwable failure) implements Command {}

  private record RetryNow() implements Command {}

  static <T, M> Behavior<Command> create(
      String name, Callable<T> step, Backoff backoff, ActorRef<M> parent, Function<T, M> onSuccess) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new RetryingStep<>(ctx, timers, name, step, backoff, parent, onSuccess)));
  }

  private final TimerScheduler<Command> timers;
  private final String name;
  private final Callable<T> step;
  private final Backoff backoff;
  private final ActorRef<M> parent;
  private final Function<T, M> onSuccess;
  private final Executor blocking;
  private int failures;

  private RetryingStep(ActorContext<Command> ctx, TimerScheduler<Command> timers, String name, Callable<T> step,
      Backoff backoff, ActorRef<M> parent, Function<T, M> onSuccess) {
    super(ctx);
    this.timers = timers;
    this.name = name;
    this.step = step;
    this.backoff = backoff;
    this.parent = parent;
    this.onSuccess = onSuccess;
    this.blocking = ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking());
    attempt();
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Attempted.class, this::onAttempted)
        .onMessage(RetryNow.class, retry -> {
          attempt();
          return this;
        })
        .build();
  }

  private Behavior<Command> onAttempted(Attempted attempted) {
    if (attempted.failure() == null) {
      @SuppressWarnings("unchecked")
      T result = (T) attempted.result();
      parent.tell(onSuccess.apply(result));
      return Behaviors.stopped();
    }
    failures++;
    Duration delay = backoff.delayBeforeRetry(failures, ThreadLocalRandom.current()::nextDouble);
    Throwable cause = AsyncCause.of(attempted.failure());
    getContext().getLog().warn("{} failed (attempt {}), retrying in {} ms: {}", name, failures, delay.toMillis(), cause.toString());
    timers.startSingleTimer(new RetryNow(), delay);
    return this;
  }

  private void attempt() {
    getContext().pipeToSelf(CompletableFuture.supplyAsync(() -> {
      try {
        return (Object) step.call();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    }, blocking), Attempted::new);
  }
}
