package io.parley.sessions.entity.turns;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.citation.Citation;
import io.parley.core.handoff.HandoffRules;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.llm.TokenUsage;
import io.parley.core.memory.SeqRange;
import io.parley.core.offline.OfflineReason;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.Channel;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ErrorCode;
import io.parley.core.session.HeardPrefix;
import io.parley.core.session.Refusal;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Role;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionServices;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.admission.TenantTokenBudget;
import io.parley.sessions.entity.InternalCommand.HoldExpired;
import io.parley.sessions.entity.InternalCommand.TurnRunnerStopped;
import io.parley.sessions.entity.SessionCommand.HoldAnswer;
import io.parley.sessions.entity.SessionCommand.InterruptAnswer;
import io.parley.sessions.entity.SessionCommand.Interrupted;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.AgentRequested;
import io.parley.sessions.entity.SessionEvent.AnswerInterrupted;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.ToolCallCompleted;
import io.parley.sessions.entity.SessionEvent.ToolCallsRequested;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Closed;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.handoff.HandoffRouting;
import io.parley.sessions.entity.turns.FactEvents;
import io.parley.sessions.procedure.ProcedureStart;
import io.parley.sessions.turn.PressKeysTool;
import io.parley.sessions.turn.ToolRound;
import io.parley.sessions.turn.TurnReport;
import io.parley.sessions.turn.TurnRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.Done;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * The turns of an open session: one {@link TurnRunner} child at a time answers the oldest
 * unanswered user message; its streamed deltas go to the subscribers, its tool calls and its
 * answer to the journal. Messages from a runner whose turn is no longer running are dropped.
 *
 * <p>{@code services}: the node's metrics, tracing and offline replies, as a turn's end needs them.
 */
public record TurnCommands(SessionEffects effect, SessionScope scope, SessionServices services,
    TurnSlot turn, Subscribers subscribers, AnswerWaiters waiters, NextTurn nextTurn, HandoffRouting handoffs,
    TenantUsage usage, SummaryRuns summaries) {
  /**
   * The model's calls, persisted before any runs; a call of {@code procedure_<name>} starts that
   * procedure instead, once every member reads a procedure's events (until then the call is an
   * unknown tool to the model, which answers on its own).
   */
  public ReplyEffect<SessionEvent, SessionState> onRecordToolCalls(Open state, TurnReport.CallsRequested cmd) {
    if (!turn.isAnswering(cmd.turnId())) return effect.reply(cmd.replyTo(), Done.getInstance());
    Optional<ProcedureStart> start = ProcedureStart.of(cmd.calls(),
        state.botConfig().map(pinned -> pinned.config().procedures()).orElse(List.of()));
    Optional<EffectBuilder<SessionEvent, SessionState>> procedure = start.flatMap(started -> effect.persistIfReadable(
        List.of(new SessionEvent.ProcedureStarted(cmd.turnId() + "-" + state.transcript().nextSeq(),
            started.procedure().name(), started.inputs(), cmd.turnId(), scope.now()))));
    if (procedure.isPresent()) {
      return procedure.get()
          .thenRun(after -> {
            turn.stop();
            nextTurn.startIfDue(after);
          })
          .thenReply(cmd.replyTo(), after -> Done.getInstance());
    }
    // The runner has the keys press_keys sends; the journal and the followers have them as a placeholder.
    List<ToolRound.RequestedCall> kept = PressKeysTool.kept(cmd.calls());
    return effect
        .persist(new ToolCallsRequested(cmd.turnId(), kept, scope.now()))
        .thenRun(after -> kept.forEach(call -> subscribers.publish(
            new SessionUpdate.ToolActivity(cmd.turnId(), call.name(), SessionUpdate.ToolActivity.STARTED, Optional.empty(),
                Optional.of(call.argumentsJson())))))
        .thenReply(cmd.replyTo(), after -> Done.getInstance());
  }

  /**
   * A tool's result. One that failed for good (its retries spent) brings a person in, in the same
   * write, when the tenant's rules say so; the turn stops there.
   */
  public ReplyEffect<SessionEvent, SessionState> onRecordToolResult(Open state, TurnReport.CallCompleted cmd) {
    if (!turn.isAnswering(cmd.turnId())) return effect.reply(cmd.replyTo(), Done.getInstance());
    boolean bringPerson = cmd.failedForGood() && state.handoff().botAnswers()
        && state.botConfig().flatMap(pinned -> pinned.config().handoffRules()).map(HandoffRules::toolFailure).orElse(false);
    Instant at = scope.now();
    ToolCallCompleted completed = new ToolCallCompleted(cmd.turnId(), PressKeysTool.kept(cmd.result()), at);
    if (!bringPerson) {
      return effect.persist(completed).thenRun(after -> publishToolResult(cmd))
          .thenReply(cmd.replyTo(), after -> Done.getInstance());
    }
    return effect
        .persist(List.of(completed, new AgentRequested(HandoffTrigger.TOOL_FAILED, at)))
        .thenRun(after -> {
          publishToolResult(cmd);
          handoffs.waitForAgent(after);
        })
        .thenReply(cmd.replyTo(), after -> Done.getInstance());
  }

  /**
   * A result as every follower sees it: a failure's reason is the team's, and the chat socket does
   * not pass it on (UpdateFrames).
   */
  private void publishToolResult(TurnReport.CallCompleted cmd) {
    ToolRound.CompletedCall result = cmd.result();
    subscribers.publish(new SessionUpdate.ToolActivity(cmd.turnId(), result.name(),
        result.ok() ? SessionUpdate.ToolActivity.SUCCEEDED : SessionUpdate.ToolActivity.FAILED,
        Optional.of(result.summary())));
    // The keys the bot pressed, stored as how many: the phone call following the session sends them.
    PressKeysTool.keysPressed(result).ifPresent(keys -> subscribers.publish(new SessionUpdate.PressKeys(keys)));
  }

  public ReplyEffect<SessionEvent, SessionState> onTurnDelta(Open state, TurnReport.Delta cmd) {
    if (turn.isAnswering(cmd.turnId())) {
      turn.streamed(cmd.text());
      subscribers.publish(new SessionUpdate.Delta(cmd.turnId(), cmd.text(), cmd.waitedNanos()));
    }
    return effect.noReply();
  }

  public ReplyEffect<SessionEvent, SessionState> onTurnAnswered(Open state, TurnReport.Answered cmd) {
    if (!turn.isAnswering(cmd.turnId())) {
      // A held turn's answer came too late: what was heard of it will be stored instead, but the
      // tokens were spent (its runner, already answered, reports no stop).
      if (turn.isHeld(cmd.turnId())) {
        cmd.usage().ifPresent(used -> spent(state.botConfig(), state.channel(), cmd.turnId(), used, scope.now()));
      }
      return effect.noReply();
    }
    Span stored = services.answering().tracing().start("session.store_answer", SpanKind.INTERNAL, cmd.traceparent());
    stored.setAttribute("parley.answer.source", cmd.source().wireName());
    return persistAnswer(state, cmd.turnId(), cmd.text(), cmd.source(), cmd.usage(), cmd.summarize(), false,
        cmd.savedTokens(), cmd.options(), cmd.citations())
        .thenRun(after -> {
          stored.end();
          cmd.unanswered().ifPresent(reason -> state.transcript().questionOf(cmd.turnId()).ifPresent(question ->
              UnansweredQuestions.tell(services, scope, state, question.text(), reason, question.at())));
        })
        .thenNoReply();
  }

  /**
   * Barge-in: the answer is kept as far as the customer heard it. A turn still running stops (its
   * model stream is cancelled) and stores the heard part as its answer; a stored answer is cut; a
   * turn the customer heard nothing of ends without an answer. The interruption itself is the next
   * user message, which the voice side posts after this reply.
   */
  public ReplyEffect<SessionEvent, SessionState> onInterruptAnswer(Open state, InterruptAnswer cmd) {
    String turnId = cmd.turnId();
    Optional<ChatMessage> stored = state.transcript().answerOf(turnId);
    if (stored.isPresent() && stored.get().interrupted()) return interrupted(cmd, stored.get().text());
    String answer = stored.map(ChatMessage::text)
        .orElseGet(() -> turn.isRunning(turnId) ? turn.streamedAnswer() : "");
    Optional<String> kept = HeardPrefix.of(answer, cmd.heardText());
    if (kept.isEmpty()) {
      return effect.reply(cmd.replyTo(), StatusReply.error(Refusal.of(ErrorCode.BAD_REQUEST,
          "what was heard is not the start of the answer of " + turnId)));
    }
    boolean waiting = state.pendingTurns().contains(turnId);
    if (stored.isEmpty() && !waiting) return interrupted(cmd, "");
    if (turn.isRunning(turnId)) turn.stop();
    String heard = kept.get();
    if (stored.isEmpty() && !heard.isEmpty()) {
      return persistAnswer(state, turnId, heard, AnswerSource.LLM, Optional.empty(), Optional.empty(), true, 0)
          .thenReply(cmd.replyTo(), after -> StatusReply.success(new Interrupted(turnId, heard)));
    }
    long seq = stored.map(ChatMessage::seq).orElse(0L);
    return effect
        .persist(new AnswerInterrupted(turnId, seq, heard, scope.now()))
        .thenRun(after -> {
          if (heard.isEmpty()) waiters.unanswered(turnId);
          subscribers.publish(new SessionUpdate.AnswerCut(turnId, seq, heard));
          nextTurn.startIfDue(after);
        })
        .thenReply(cmd.replyTo(), after -> StatusReply.success(new Interrupted(turnId, heard)));
  }

  /** The customer spoke over the running turn: it stops streaming now, and waits to be told what was heard. */
  public ReplyEffect<SessionEvent, SessionState> onHoldAnswer(Open state, HoldAnswer cmd) {
    if (turn.hold(cmd.turnId())) scope.log(Level.DEBUG).log("{} held: the customer spoke over it", cmd.turnId());
    return effect.noReply();
  }

  /** Nobody said what was heard of a held turn: nothing of it was, as far as the session can tell. */
  public ReplyEffect<SessionEvent, SessionState> onHoldExpired(Open state, HoldExpired cmd) {
    if (!turn.isHeld(cmd.turnId())) return effect.noReply();
    scope.log(Level.WARN).log("no word of what was heard of {} within {} of the barge-in; none of it is kept",
        cmd.turnId(), TurnSlot.HOLD_LIMIT);
    return onInterruptAnswer(state, new InterruptAnswer(cmd.turnId(), "", turn.nobody()));
  }

  private ReplyEffect<SessionEvent, SessionState> interrupted(InterruptAnswer cmd, String kept) {
    return effect.reply(cmd.replyTo(), StatusReply.success(new Interrupted(cmd.turnId(), kept)));
  }

  /**
   * A turn stopped before it answered still spent tokens: the tenant's budget hears them (the
   * session's own total counts stored answers only, so a held turn's part is not in it).
   */
  public ReplyEffect<SessionEvent, SessionState> onTurnStoppedUnanswered(Open state, TurnReport.StoppedUnanswered cmd) {
    spent(state.botConfig(), state.channel(), cmd.turnId(), cmd.usage(), scope.now());
    return effect.noReply();
  }

  public ReplyEffect<SessionEvent, SessionState> onTurnStoppedAfterClose(Closed state, TurnReport.StoppedUnanswered cmd) {
    spent(state.botConfig(), state.channel(), cmd.turnId(), cmd.usage(), scope.now());
    return effect.noReply();
  }

  /**
   * A turn's tokens, to the tenant's budget under the limits of the session's configuration: an
   * evaluation session's on the budget's evaluation line, every other's on the conversations'.
   */
  private void spent(Optional<PinnedBotConfig> botConfig, Channel channel, String turnId, TokenUsage used, Instant at) {
    usage.answerUsed(turnId, used, at,
        channel == Channel.EVALUATION ? TenantTokenBudget.EVALUATION : TenantTokenBudget.CONVERSATIONS, botConfig);
  }

  /** A runner that stopped without answering (it crashed): the user still gets an answer, never silence. */
  public ReplyEffect<SessionEvent, SessionState> onTurnRunnerStopped(Open state, TurnRunnerStopped cmd) {
    if (!turn.isAnswering(cmd.turnId())) return effect.noReply();
    List<ToolRound> rounds = state.toolRoundsOf(cmd.turnId());
    if (!rounds.isEmpty() && turn.decidedWhenStarted().filter(rounds.get(rounds.size() - 1)::waitsForApprovalsBeyond).isPresent()) {
      // The runner stopped to wait for approvals, and its stop overtook its word of it (a stop is
      // heard first): the turn waits, or goes on if they were decided meanwhile.
      turn.awaitingApproval();
      nextTurn.startIfDue(state);
      return effect.noReply();
    }
    scope.log(Level.ERROR).log("turn runner for {} stopped without an answer", cmd.turnId());
    String userText = state.transcript().questionOf(cmd.turnId()).map(ChatMessage::text).orElse("");
    String apology = services.answering().offline().reply(userText, OfflineReason.MODEL_UNAVAILABLE, false, state.wording()).text();
    return persistAnswer(state, cmd.turnId(), apology, AnswerSource.OFFLINE, Optional.empty(), Optional.empty(), false,
        0)
        .thenNoReply();
  }

  private EffectBuilder<SessionEvent, SessionState> persistAnswer(Open state, String turnId, String text,
      AnswerSource source, Optional<TokenUsage> usage, Optional<SeqRange> summarize, boolean interrupted,
      int savedTokens) {
    return persistAnswer(state, turnId, text, source, usage, summarize, interrupted, savedTokens, List.of(), List.of());
  }

  /**
   * Stores an answer with the replies it offers to tap ({@code options}, none for most) and the
   * articles it cites ({@code citations}).
   */
  private EffectBuilder<SessionEvent, SessionState> persistAnswer(Open state, String turnId, String text,
      AnswerSource source, Optional<TokenUsage> usage, Optional<SeqRange> summarize, boolean interrupted,
      int savedTokens, List<ReplyOption> options, List<Citation> citations) {
    long seq = state.transcript().nextSeq();
    Instant at = scope.now();
    AssistantMessageAppended appended = new AssistantMessageAppended(seq, turnId, text, source, usage, at, interrupted,
        savedTokens, options, Optional.empty(), citations);
    SessionMetrics metrics = services.metrics();
    return effect
        .persist(FactEvents.with(appended, ChatMessage.answer(seq, text, turnId, at, interrupted, source),
            state.notes()))
        .thenRun(after -> {
          metrics.messagePersisted(scope.id().tenant(), Role.ASSISTANT.wireName());
          usage.ifPresent(used -> spent(state.botConfig(), state.channel(), turnId, used, at));
          turn.ended().ifPresent(turn ->
              metrics.turnCompleted(Duration.between(turn.startedAt(), scope.now()).toNanos() / 1e9));
          waiters.answered(turnId, subscribers.publishMessage(after, seq));
          nextTurn.startIfDue(after);
          summarize.ifPresent(range -> summaries.maybeStart((Open) after, range));
        });
  }
}
