package io.parley.sessions.resilience;

import io.parley.tools.Tool;
import io.parley.tools.ToolDefinition;
import io.parley.tools.ToolFailure;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolResult;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.pattern.CircuitBreaker;
import org.apache.pekko.pattern.CircuitBreakerOpenException;

/**
 * A tool on another system, run through that system's circuit breaker ({@code tool:<name>} in
 * {@link DependencyBreakers}, made when this is, so {@code /metrics} shows it from the start).
 * Each attempt is one call through the breaker, timed by the tool's own timeout. Transient
 * failures (no answer, a 5xx) and anything unexpected count against it; a permanent failure (the
 * server refused these arguments) does not: the system answered, so it is up.
 *
 * <p>While the breaker is open a call fails at once, without reaching the system, with a
 * <em>permanent</em> {@link ToolFailure} that tells the model the system is unavailable and what
 * to tell the customer. Permanent because the breaker has already judged the system down for the
 * rest of its reset timeout (seconds); the call's own retries come within a second or two and
 * would only fail fast again, delaying the customer's answer for nothing.
 */
public final class BreakerGuardedTool implements Tool {
  private final Tool tool;
  private final CircuitBreaker breaker;

  /** Registers the tool's breaker with the node's max-failures and reset timeout, and the tool's timeout per call. */
  public BreakerGuardedTool(Tool tool, DependencyBreakers breakers) {
    this(tool, breakers, dependency(tool.definition().name()));
  }

  /**
   * The same with the breaker of {@code dependency}, which other tools may share (a tenant's MCP
   * server, whose tools fail together); made with the first tool's timeout per call.
   */
  public BreakerGuardedTool(Tool tool, DependencyBreakers breakers, String dependency) {
    this.tool = Objects.requireNonNull(tool, "tool");
    BreakerSettings node = breakers.settings();
    this.breaker = breakers.breaker(dependency,
        new BreakerSettings(node.maxFailures(), tool.definition().timeout(), node.resetTimeout()));
  }

  /** The breaker name of a tool. */
  public static String dependency(String toolName) {
    return "tool:" + toolName;
  }

  @Override
  public ToolDefinition definition() {
    return tool.definition();
  }

  @Override
  public ToolResult run(ToolInvocation invocation) {
    try {
      return breaker.callWithSyncCircuitBreaker(() -> tool.run(invocation), BreakerGuardedTool::isDependencyFailure);
    } catch (CircuitBreakerOpenException open) {
      throw new ToolFailure(unavailable(definition().name(), open.remainingDuration().toSeconds() + 1), false, open);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      // Pekko throws its call-timeout's TimeoutException although the Java signature declares none.
      if (e instanceof TimeoutException) {
        throw new ToolFailure(definition().name() + " did not answer within " + definition().timeout().toMillis()
            + " ms", true, e);
      }
      throw new ToolFailure(definition().name() + " failed (" + e.getClass().getSimpleName() + ")", true, e);
    }
  }

  static String unavailable(String name, long seconds) {
    String pause = seconds <= 1 ? "a second" : seconds < 120 ? seconds + " seconds" : (seconds + 59) / 60 + " minutes";
    return name + " is unavailable right now: it failed several times in a row, so it will not be called again for"
        + " about " + pause + ", and nothing was done. Tell the customer this cannot be done at the moment, and"
        + " offer to try again later or another way.";
  }

  static boolean isDependencyFailure(Optional<ToolResult> result, Optional<Throwable> error) {
    return error.isPresent() && !(error.get() instanceof ToolFailure failure && !failure.transientFailure());
  }
}
