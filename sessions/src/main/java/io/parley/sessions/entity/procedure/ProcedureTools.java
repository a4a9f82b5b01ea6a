package io.parley.sessions.entity.procedure;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.ToolApproval;
import io.parley.core.session.SessionId;
import io.parley.sessions.entity.InternalCommand;
import io.parley.sessions.entity.ProcedureApprovalRounds;
import io.parley.sessions.entity.SessionInput;
import io.parley.sessions.procedure.NextStep;
import io.parley.sessions.turn.Answering;
import io.parley.sessions.turn.ApprovalSummary;
import io.parley.sessions.turn.ToolCallRunner;
import io.parley.sessions.turn.ToolRound;
import io.parley.tools.ToolInvocation;
import io.parley.tools.Validation;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The tool step a session's procedure runs now, at most one: run through the tool machinery of
 * turns ({@link ToolCallRunner}: the tool's timeout, retries and breaker) with the tools procedures
 * may call (those only procedures call included). The call's idempotency key is
 * {@code <session>/procedure-<run>/<step>}: the same for every attempt and for a run of the step
 * again after a crash. In memory only: after a restart the run, still at its tool step, calls again.
 * A tool that needs an approval is called only once it is approved ({@link ProcedureApprovals}).
 */
public final class ProcedureTools {
  /** The tool step under way: its run and step. */
  private record InFlight(String runId, String step, Span span) {}

  private static final String NOT_APPROVED = "{\"error\":\"not_approved\"}";

  private final ActorContext<SessionInput> context;
  private final Answering services;
  private final ActorRef<ToolRound.CompletedCall> results;
  private Optional<InFlight> running = Optional.empty();

  public ProcedureTools(ActorContext<SessionInput> context, Answering services) {
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
   * The approval to ask before {@code tool} is called for its step, when its tool needs one
   * (docs/tools.md#approvals): what the call will do in plain words, the arguments it will run with,
   * and when it expires ({@code now} and the bot's {@code approvalTimeout}). Empty when the tool
   * needs none, or when the call is not valid (it then fails when started).
   */
  Optional<ToolRound.Approval> approvalFor(SessionId id, NextStep.CallTool tool, BotConfig config, Instant now) {
    if (!(services.tools().forProcedures(id.tenant(), config).validate(tool.tool(), tool.arguments())
        instanceof Validation.Valid valid)) return Optional.empty();
    ToolApproval approver = valid.tool().definition().approval();
    if (approver == ToolApproval.NONE) return Optional.empty();
    return Optional.of(new ToolRound.Approval("ap-" + UUID.randomUUID(), tool.label(), tool.tool(),
        valid.arguments().toString(), ApprovalSummary.of(valid.tool().definition(), valid.arguments()), approver,
        now.plus(config.approvalWait()), Optional.empty()));
  }

  /** Calls {@code tool} for the step of {@code runId}; a tool that needs an approval has it already. */
  void start(SessionId id, String runId, NextStep.CallTool tool, BotConfig config, Optional<String> language) {
    Span span = begin(runId, tool);
    Validation validation = services.tools().forProcedures(id.tenant(), config).validate(tool.tool(), tool.arguments());
    if (validation instanceof Validation.Invalid invalid) {
      results.tell(failed(tool, invalid.message()));
      return;
    }
    Validation.Valid valid = (Validation.Valid) validation;
    ToolInvocation called = new ToolInvocation(id.tenant(), id.wireId(), ProcedureApprovalRounds.turnOf(runId),
        tool.label(), valid.arguments()).withLanguage(language);
    // Approved by now when it needs an approval, which answers a confirmation its server asks for.
    ToolInvocation invocation = valid.tool().definition().approval() == ToolApproval.NONE ? called : called.withApproval();
    context.spawnAnonymous(ToolCallRunner.create(valid.tool(), invocation, results, services.metrics(),
        services.tracing(), span));
  }

  /**
   * The step's approval was refused or expired ({@code why}): the tool is not called, and the step's
   * result, due back like any, says so ({@link #notApproved(ToolRound.CompletedCall)}).
   */
  void notApproved(String runId, NextStep.CallTool tool, String why) {
    begin(runId, tool).setAttribute("parley.tool.approval", "not_approved");
    results.tell(new ToolRound.CompletedCall(tool.label(), tool.tool(), false, NOT_APPROVED, why));
  }

  /** Whether {@code result} is that of a step whose approval was refused or expired. */
  static boolean notApproved(ToolRound.CompletedCall result) {
    return !result.ok() && NOT_APPROVED.equals(result.content());
  }

  private Span begin(String runId, NextStep.CallTool tool) {
    Span span = services.tracing().start("procedure.tool", SpanKind.INTERNAL, Optional.empty())
        .setAttribute("parley.tool", tool.tool()).setAttribute("parley.procedure.step", tool.label());
    running = Optional.of(new InFlight(runId, tool.label(), span));
    return span;
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
