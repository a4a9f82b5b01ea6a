package io.parley.sessions.turn;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.parley.core.net.RefusedAddress;
import io.parley.core.form.AskedForm;
import io.parley.core.retry.RetryPolicy;
import io.parley.core.trace.Tracing;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.resilience.RetryingStep;
import io.parley.tools.ConfirmationAsked;
import io.parley.tools.ConfirmationAsked.FormAsked;
import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one tool call of a turn as a {@link RetryingStep} child: each attempt under the tool's
 * timeout, retried with the tool's backoff up to its attempts, only when the failure is transient
 * (a timeout or a transient {@link ToolFailure}), always with the same idempotency key. It always
 * reports a {@link ToolRound.CompletedCall}: a failure is a result the model reads
 * ({@code {"error": ...}}), never an exception that ends the turn; it names no address, host or
 * setting, since the model may repeat it to the customer. Each attempt is a
 * {@code tool.attempt} span under the call's (docs/tracing.md), sent to a remote tool. A call that
 * failed for good is logged with its whole reason, an address the outbound policy refused with the
 * setting that would allow it, which the model and the support team are not told. In a turn, a
 * confirmation the call's server asks the customer for is no failure: the turn asks for it.
 */
public final class ToolCallRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(ToolCallRunner.class);

  private ToolCallRunner() {}

  /**
   * What a turn's call ends with: its result, or a confirmation or a form its server asked for that the customer is
   * to give ({@link ConfirmationAsked}, {@link FormAsked}), after which the call runs again (docs/tools.md#approvals).
   */
  sealed interface Outcome {
    record Completed(ToolRound.CompletedCall result) implements Outcome {}

    /** With a {@code form} when the server asked for values (docs/tools.md#forms), not a yes or no. */
    record ConfirmationNeeded(String callId, String question, Optional<AskedForm> form) implements Outcome {}
  }

  /** A call where nobody can be asked for a confirmation (a procedure's step): one asked for is a failure. */
  public static Behavior<RetryingStep.Command> create(Tool tool, ToolInvocation invocation,
      ActorRef<ToolRound.CompletedCall> replyTo, SessionMetrics metrics, Tracing tracing, Span call) {
    return run(tool, invocation, replyTo, metrics, tracing, call, completed -> completed, (asked, failed) -> failed);
  }

  /** A turn's call, whose server's confirmation goes to the customer. */
  static Behavior<RetryingStep.Command> asking(Tool tool, ToolInvocation invocation, ActorRef<Outcome> replyTo,
      SessionMetrics metrics, Tracing tracing, Span call) {
    return run(tool, invocation, replyTo, metrics, tracing, call, Outcome.Completed::new,
        (asked, failed) -> new Outcome.ConfirmationNeeded(invocation.toolCallId(), asked.question(),
            asked instanceof FormAsked form ? Optional.of(form.form()) : Optional.empty()));
  }

  private static <M> Behavior<RetryingStep.Command> run(Tool tool, ToolInvocation invocation, ActorRef<M> replyTo,
      SessionMetrics metrics, Tracing tracing, Span call, Function<ToolRound.CompletedCall, M> completed,
      BiFunction<ConfirmationAsked, ToolRound.CompletedCall, M> confirmation) {
    ToolDefinition definition = tool.definition();
    String name = definition.name();
    long started = System.nanoTime();
    return RetryingStep.create("tool " + name, () -> attempt(tool, invocation, tracing, call),
        RetryPolicy.atMost(definition.maxAttempts(), definition.timeout(), definition.backoff()),
        failure -> failure instanceof ToolFailure f && f.transientFailure(), replyTo,
        (ToolResult result) -> {
          metrics.toolCall(name, "succeeded", secondsSince(started));
          return completed.apply(
              new ToolRound.CompletedCall(invocation.toolCallId(), name, true, result.content(), result.summary()));
        },
        gaveUp -> {
          RetryingStep.Failure last = gaveUp.lastFailure();
          if (last instanceof RetryingStep.Threw threw && threw.cause() instanceof ConfirmationAsked asked) {
            metrics.toolCall(name, "confirmation_asked", secondsSince(started));
            return confirmation.apply(asked, failed(invocation.toolCallId(), name, asked.getMessage(), false));
          }
          boolean timedOut = last instanceof RetryingStep.TimedOut;
          metrics.toolCall(name, timedOut ? "timeout" : "failed", secondsSince(started));
          String reason = reason(name, last);
          LOG.warn("Tool {} failed in session {}: {}", name, invocation.sessionId(), forOperator(name, reason, last));
          return completed.apply(failed(invocation.toolCallId(), name, reason, last.transientFailure()));
        });
  }

  private static ToolResult attempt(Tool tool, ToolInvocation invocation, Tracing tracing, Span call) {
    Span attempt = tracing.client("tool.attempt", call);
    try {
      return tool.run(invocation.withTraceparent(Tracing.traceparent(attempt)));
    } catch (RuntimeException e) {
      attempt.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      attempt.end();
    }
  }

  private static String reason(String name, RetryingStep.Failure failure) {
    if (failure instanceof RetryingStep.TimedOut timedOut) {
      return name + " did not answer within " + timedOut.timeout().toMillis() + " ms";
    }
    Throwable cause = ((RetryingStep.Threw) failure).cause();
    return cause instanceof ToolFailure ? cause.getMessage() : name + " failed (" + cause.getClass().getSimpleName() + ")";
  }

  /**
   * {@code reason} with what the model is not told: for a refused address, the refusal as the
   * operator reads it, naming their setting; for a failure of no {@link ToolFailure}, its message.
   */
  private static String forOperator(String name, String reason, RetryingStep.Failure failure) {
    if (!(failure instanceof RetryingStep.Threw threw)) return reason;
    Throwable cause = threw.cause();
    return RefusedAddress.in(cause).map(refused -> name + " may not be called: " + refused.getMessage())
        .orElse(cause instanceof ToolFailure && cause.getCause() == null ? reason : reason + ": " + rootOf(cause));
  }

  private static String rootOf(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 16; depth++) root = root.getCause();
    return root.toString();
  }

  private static double secondsSince(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** A failed call as the model reads it: the reason, and whether trying later might work. */
  static ToolRound.CompletedCall failed(String callId, String name, String reason, boolean transientFailure) {
    String content = JSON.createObjectNode().put("error", reason).put("retryable", transientFailure).toString();
    return new ToolRound.CompletedCall(callId, name, false, content, reason);
  }
}
