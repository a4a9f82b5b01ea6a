package io.parley.sessions;

import io.parley.core.AsyncCause;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Runs one tool call of a turn, in its own child: each attempt under the tool's timeout, retried
 * with exponential backoff and jitter only when the failure is transient, always with the same
 * idempotency key. It always reports a {@link ToolRound.CompletedCall} and stops: a failure is a
 * result the model reads ({@code {"error": ...}}), never an exception that ends the turn.
 */
final class ToolCallRunner extends AbstractBehavior<ToolCallRunner.Command> {
  sealed interface Command {}

  private record Attempted(ToolResult result, Throwable failure) implements Command {}

  private record RetryNow() implements Command {}

  private static final ObjectMapper JSON = new ObjectMapper();

  static Behavior<Command> create(Tool tool, ToolInvocation invocation, ActorRef<ToolRound.CompletedCall> replyTo,
      SessionMetrics metrics) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(
        timers -> new ToolCallRunner(ctx, timers, tool, invocation, replyTo, metrics)));
  }

  private final TimerScheduler<Command> timers;
  private final Tool tool;
  private final ToolDefinition definition;
  private final ToolInvocation invocation;
  private final ActorRef<ToolRound.CompletedCall> replyTo;
  private final SessionMetrics metrics;
  private final Executor blocking;
  private final long started = System.nanoTime();
  private int attempts;

  private ToolCallRunner(ActorContext<Command> ctx, TimerScheduler<Command> timers, Tool tool, ToolInvocation invocation,
      ActorRef<ToolRound.CompletedCall> replyTo, SessionMetrics metrics) {
    super(ctx);
    this.timers = timers;
    this.tool = tool;
    this.definition = tool.definition();
    this.invocation = invocation;
    this.replyTo = replyTo;
    this.metrics = metrics;
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

  private void attempt() {
    attempts++;
    CompletableFuture<ToolResult> call = CompletableFuture.supplyAsync(() -> tool.run(invocation), blocking)
        .orTimeout(definition.timeout().toMillis(), TimeUnit.MILLISECONDS);
    getContext().pipeToSelf(call, Attempted::new);
  }

  private Behavior<Command> onAttempted(Attempted attempted) {
    String name = definition.name();
    if (attempted.failure() == null) {
      metrics.toolCall(name, "succeeded", seconds());
      ToolResult result = attempted.result();
      return report(new ToolRound.CompletedCall(invocation.toolCallId(), name, true, result.content(), result.summary()));
    }
    Throwable cause = AsyncCause.of(attempted.failure());
    boolean timedOut = cause instanceof TimeoutException;
    boolean retryable = timedOut || (cause instanceof ToolFailure f && f.transientFailure());
    String reason = timedOut ? name + " did not answer within " + definition.timeout().toMillis() + " ms"
        : cause instanceof ToolFailure ? cause.getMessage() : name + " failed: " + cause;
    if (retryable && attempts < definition.maxAttempts()) {
      Duration delay = definition.backoff().delayBeforeRetry(attempts, ThreadLocalRandom.current()::nextDouble);
      getContext().getLog().warn("tool {} attempt {} failed, retrying in {} ms: {}", name, attempts, delay.toMillis(), reason);
      timers.startSingleTimer(new RetryNow(), delay);
      return this;
    }
    metrics.toolCall(name, timedOut ? "timeout" : "failed", seconds());
    return report(failed(invocation.toolCallId(), name, reason, retryable));
  }

  private Behavior<Command> report(ToolRound.CompletedCall completed) {
    replyTo.tell(completed);
    return Behaviors.stopped();
  }

  private double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  /** A failed call as the model reads it: the reason, and whether trying later might work. */
  static ToolRound.CompletedCall failed(String callId, String name, String reason, boolean transientFailure) {
    String content = JSON.createObjectNode().put("error", reason).put("retryable", transientFailure).toString();
    return new ToolRound.CompletedCall(callId, name, false, content, reason);
  }
}
