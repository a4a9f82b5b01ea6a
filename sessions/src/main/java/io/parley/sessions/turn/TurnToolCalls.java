package io.parley.sessions.turn;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.parley.core.language.LanguageTag;
import io.parley.core.llm.LlmAnswer;
import io.parley.core.session.SessionId;
import io.parley.core.trace.GenAi;
import io.parley.sessions.SessionMetrics;
import io.parley.tools.CallConsent;
import io.parley.tools.ToolInvocation;
import io.parley.tools.ToolRegistry;
import io.parley.tools.Validation;
import io.parley.core.citation.Citation;
import io.parley.core.citation.CitationCheck;
import io.parley.core.citation.TranslationNotice;
import io.parley.tools.kb.KbSearchTool;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.ToolApproval;
import io.parley.core.form.AskedForm;
import java.time.Instant;
import java.util.UUID;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * The tool calls of one turn: the tools of the tenant's pinned configuration (the node's it enables
 * and its own, the only ones offered to or run for the model), each valid call run in a child of
 * its own under a span of the turn's, and the names of the tools called (the answer cache keeps
 * them with the answer). A call of a tool that needs an approval (docs/tools.md#approvals) runs only
 * once approved; refused or expired, the model reads why it did not run. So does a call whose MCP server asked,
 * while it ran, for a confirmation nobody gave: the customer is asked, and once approved it runs again with the
 * confirmation given.
 */
final class TurnToolCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_QUESTION_CHARS = 300;
  /** What a call of the round needs before it can run. */
  sealed interface Gate {
    /** Nothing: it runs (or fails at once for the model to fix). */
    record Run() implements Gate {}

    /** An approval, to ask for now. */
    record Ask(ToolRound.Approval approval) implements Gate {}

    /** The approval asked for before, not decided yet. */
    record Wait() implements Gate {}

    /** The approval was refused or expired: this is what the model reads, and the call never runs. */
    record Settled(ToolRound.CompletedCall result) implements Gate {}
  }

  private final ToolRegistry tools;
  private final TurnRequest request;
  private final Answering services;
  private final Span turnSpan;
  private final List<String> called = new ArrayList<>();
  private final Map<String, Span> running = new HashMap<>();
  // The knowledge-base searches that ran in this turn, and those that found a passage.
  private int searches;
  private int found;
  /** The passages this turn's searches gave the model, by the number it cites them by; a later search's replace an earlier's. */
  private final Map<Integer, Citation> citable = new HashMap<>();

  TurnToolCalls(ToolRegistry tools, TurnRequest request, Answering services, Span turnSpan) {
    this.tools = tools;
    this.request = request;
    this.services = services;
    this.turnSpan = turnSpan;
  }

  void requested(LlmAnswer answer) {
    answer.toolCalls().forEach(call -> called.add(call.name()));
  }

  /** What {@code call} of {@code round} needs before it runs. */
  Gate gate(ToolRound.RequestedCall call, ToolRound round) {
    if (PressKeysTool.withheld(call)) return new Gate.Settled(PressKeysTool.notResent(call));
    if (!(tools.validate(call.name(), call.argumentsJson()) instanceof Validation.Valid valid)) return new Gate.Run();
    ToolApproval approver = valid.tool().definition().approval();
    // An approval asked for the call before counts whoever asked for it: the tool's setting or its server.
    Optional<ToolRound.Approval> asked = round.approvalOf(call.id());
    if (asked.isEmpty()) {
      if (approver == ToolApproval.NONE) return new Gate.Run();
      return new Gate.Ask(approval(call, approver, ApprovalSummary.of(valid.tool().definition(), valid.arguments()),
          Optional.empty()));
    }
    // A form's server reads the customer's decline or silence itself: the call runs again to tell it.
    if (asked.get().form().isPresent() && !asked.get().pending()) return new Gate.Run();
    return asked.get().decision().<Gate>map(decision -> switch (decision.outcome()) {
      case APPROVED -> new Gate.Run();
      case REFUSED, EXPIRED -> new Gate.Settled(notApproved(call, asked.get(), decision));
    }).orElseGet(Gate.Wait::new);
  }

  /**
   * The customer's approval of {@code call}, whose server asked for a confirmation while it ran: the summary says
   * what the call does, then the server's {@code question}, cut short. The call's span ends: it ran, and runs again
   * once approved.
   */
  ToolRound.Approval confirmation(ToolRound.RequestedCall call, String question, Optional<AskedForm> form) {
    Optional.ofNullable(running.remove(call.id()))
        .ifPresent(toolSpan -> toolSpan.setAttribute("parley.tool.confirmation_asked", true).end());
    String summary = tools.validate(call.name(), call.argumentsJson()) instanceof Validation.Valid valid
        ? ApprovalSummary.of(valid.tool().definition(), valid.arguments()) : call.name();
    String asked = question == null || question.isBlank() ? "" : ": " + question.strip();
    return approval(call, ToolApproval.CUSTOMER,
        summary + (asked.length() > MAX_QUESTION_CHARS ? asked.substring(0, MAX_QUESTION_CHARS) + "..." : asked), form);
  }

  private ToolRound.Approval approval(ToolRound.RequestedCall call, ToolApproval approver, String summary,
      Optional<AskedForm> form) {
    Instant now = services.clock().instant();
    return new ToolRound.Approval("ap-" + UUID.randomUUID(), call.id(), call.name(), call.argumentsJson(), summary,
        approver, now.plus(request.bot().approvalWait()), Optional.empty(), form, Optional.empty());
  }

  /**
   * What a person gave {@code call} by its approval: approved, and for a form its values; a form declined or left to
   * expire is a decline or a cancel its server reads (docs/tools.md#forms).
   */
  private static CallConsent consent(Optional<ToolRound.Approval> approval) {
    Optional<ToolRound.Decision> decision = approval.flatMap(ToolRound.Approval::decision);
    if (decision.isEmpty()) return CallConsent.NONE;
    boolean approved = decision.get().outcome() == ToolRound.Outcome.APPROVED;
    if (approval.get().form().isEmpty()) return new CallConsent(approved, Optional.empty());
    CallConsent.FormReply.Action action = switch (decision.get().outcome()) {
      case APPROVED -> CallConsent.FormReply.Action.ACCEPT;
      case REFUSED -> CallConsent.FormReply.Action.DECLINE;
      case EXPIRED -> CallConsent.FormReply.Action.CANCEL;
    };
    return new CallConsent(false, Optional.of(new CallConsent.FormReply(action,
        approved ? approval.get().answers() : Optional.empty())));
  }

  /** The result of a call that was not approved, as the model reads it: why it did not run. */
  private static ToolRound.CompletedCall notApproved(ToolRound.RequestedCall call, ToolRound.Approval approval,
      ToolRound.Decision decision) {
    String who = approval.approver() == ToolApproval.CUSTOMER ? "the customer" : "the support team";
    String why = decision.outcome() == ToolRound.Outcome.EXPIRED
        ? "nobody approved it in time (" + who + " was asked), so it was not run"
        : who + " declined it, so it was not run" + decision.reason().map(reason -> "; the reason given: " + reason).orElse("");
    String content = JSON.createObjectNode().put("error", "not_approved").put("outcome", decision.outcome().wireName())
        .put("message", call.name() + " was not run: " + why).put("retryable", false).toString();
    return new ToolRound.CompletedCall(call.id(), call.name(), false, content, call.name() + " " + decision.outcome().wireName());
  }

  /** Starts a call in its own child; a call naming no tool or with invalid arguments fails at once, for the model to fix. */
  void start(ActorContext<?> ctx, ToolRound.RequestedCall call, ToolRound round, ActorRef<ToolCallRunner.Outcome> done) {
    Validation validation = tools.validate(call.name(), call.argumentsJson());
    SessionMetrics metrics = services.metrics();
    if (validation instanceof Validation.Invalid invalid) {
      // A name the model made up is not a label: the metric's series must stay few.
      String tool = tools.find(call.name()).isPresent() ? call.name() : "unknown";
      metrics.toolCall(tool, "rejected", 0);
      done.tell(new ToolCallRunner.Outcome.Completed(ToolCallRunner.failed(call.id(), call.name(), invalid.message(), false)));
      return;
    }
    Validation.Valid valid = (Validation.Valid) validation;
    SessionId id = request.sessionId();
    // execute_tool (docs/tracing.md): names and the call's id only, never its arguments or result.
    Span toolSpan = services.tracing().child(GenAi.executeTool(call.name()), turnSpan)
        .setAttribute(GenAi.OPERATION_NAME, GenAi.EXECUTE_TOOL)
        .setAttribute(GenAi.TOOL_NAME, call.name())
        .setAttribute(GenAi.ALIAS_TOOL, call.name())
        .setAttribute(GenAi.TOOL_CALL_ID, call.id())
        .setAttribute(GenAi.TOOL_TYPE, GenAi.FUNCTION)
        .setAttribute(GenAi.CONVERSATION_ID, id.wireId());
    ToolInvocation invocation = new ToolInvocation(id.tenant(), id.wireId(), request.turnId(), call.id(), valid.arguments())
        .withLanguage(request.searchLanguage().map(LanguageTag::tag));
    running.put(call.id(), toolSpan);
    ctx.spawnAnonymous(ToolCallRunner.asking(valid.tool(), invocation.withConsent(consent(round.approvalOf(call.id()))),
        done, metrics, services.tracing(), toolSpan));
  }

  /**
   * Ends the span of a call that ran (only a call that passed validation has one) and tells whether
   * it failed for good: it ran and failed after its attempts.
   */
  boolean completed(ToolRound.CompletedCall result) {
    if (result.ok() && result.name().equals(KbSearchTool.NAME)) {
      searches++;
      if (KbSearchTool.foundAny(result.content())) found++;
      citable.putAll(KbSearchTool.citable(result.content()));
    }
    Optional<Span> ran = Optional.ofNullable(running.remove(result.id()));
    ran.ifPresent(toolSpan -> {
      toolSpan.setAttribute("parley.tool.ok", result.ok());
      if (!result.ok()) toolSpan.setAttribute(GenAi.ERROR_TYPE, "tool_error").setStatus(StatusCode.ERROR);
      toolSpan.end();
    });
    return ran.isPresent() && !result.ok();
  }

  List<String> called() {
    return called;
  }

  /**
   * The model's answer checked against the passages this turn's searches gave it: a number it cites
   * that none gave is made up, taken out of the text and counted. An answer that cites an article
   * in another language than the customer's ends by saying it was translated ({@link TranslationNotice}).
   */
  CitationCheck.Checked cite(String answer) {
    CitationCheck.Checked checked = CitationCheck.check(answer, citable);
    if (checked.madeUp() > 0) services.metrics().citationsMadeUp(request.sessionId().tenant(), checked.madeUp());
    String told = TranslationNotice.appended(checked.text(), checked.citations(), request.searchLanguage(), request.wording());
    return new CitationCheck.Checked(told, checked.citations(), checked.madeUp());
  }

  /** Whether the turn searched the knowledge base and none of its searches found a passage. */
  boolean searchedInVain() {
    return searches > 0 && found == 0;
  }
}
