package io.parley.sessions.entity;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.ToolApproval;
import io.parley.core.session.SessionId;
import io.parley.sessions.procedure.NextStep;
import io.parley.sessions.turn.Answering;
import io.parley.sessions.turn.ToolCallRunner;
import io.parley.sessions.turn.ToolRound;
import io.parley.tools.ToolInvocation;
import io.parley.tools.Validation;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The tool step a session's procedure runs now, at most one: run through the tool machinery of
 * turns ({@link ToolCallRunner}: the tool's timeout, retries and breaker) with the tools procedures
 * may call (those only procedures call included). The call's idempotency key is
 * {@code <session>/procedure-<run>/<step>}: the same for every attempt and for a run of the step
 * again after a crash. In memory only: after a restart the run, still at its tool step, calls again.
 */
final class ProcedureTools {
  /** The tool step under way: its run and step. */
  private record InFlight(String runId, String step, Span span) {}

  private final ActorContext<SessionCommand> context;
  private final Answering services;
  private final ActorRef<ToolRound.CompletedCall> results;
  private Optional<InFlight> running = Optional.empty();

  ProcedureTools(ActorContext<SessionCommand> context, Answering services) {
    this.context = context;
    this.services = services;
    this.results = context.messageAdapter(ToolRound.CompletedCall.class,
        result -> new InternalCommand.ProcedureDue("", result.id(), Optional.of(result)));
  }

  boolean isRunning(String runId, String step) {
    return running.filter(call -> call.runId().equals(runId) && call.step().equals(step)).isPresent();
  }

  boolean isRunning() {
    return running.isPresent();
  }

  /**
   * Calls {@code tool} for the step of {@code runId}. A tool that needs an approval is not called:
   * its result says so, and the run hands over (an approval of a procedure's step is not asked yet).
   */
  void start(SessionId id, String runId, NextStep.CallTool tool, BotConfig config, Optional<String> language) {
    Span span = services.tracing().start("procedure.tool", SpanKind.INTERNAL, Optional.empty())
        .setAttribute("parley.tool", tool.tool()).setAttribute("parley.procedure.step", tool.label());
    running = Optional.of(new InFlight(runId, tool.label(), span));
    Validation validation = services.tools().forProcedures(id.tenant(), config).validate(tool.tool(), tool.arguments());
    if (validation instanceof Validation.Invalid invalid) {
      results.tell(failed(tool, invalid.message()));
      return;
    }
    Validation.Valid valid = (Validation.Valid) validation;
    if (valid.tool().definition().approval() != ToolApproval.NONE) {
      results.tell(failed(tool, tool.tool() + " needs an approval, which a procedure's step does not ask for"));
      return;
    }
    ToolInvocation invocation = new ToolInvocation(id.tenant(), id.wireId(), "procedure-" + runId, tool.label(),
        valid.arguments()).withLanguage(language);
    context.spawnAnonymous(ToolCallRunner.create(valid.tool(), invocation, results, services.metrics(),
        services.tracing(), span));
  }

  /** The step's call is over. */
  void done(boolean ok) {
    running.ifPresent(call -> call.span().setAttribute("parley.tool.ok", ok).end());
    running = Optional.empty();
  }

  private static ToolRound.CompletedCall failed(NextStep.CallTool tool, String reason) {
    return new ToolRound.CompletedCall(tool.label(), tool.tool(), false, "{\"error\":\"not_run\"}", reason);
  }
}
