package io.parley.sessions.entity;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Role;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.entity.InternalCommand.ProcedureDue;
import io.parley.sessions.entity.SessionEvent.AgentRequested;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.ProcedureAsked;
import io.parley.sessions.entity.SessionEvent.ProcedureChecked;
import io.parley.sessions.entity.SessionEvent.ProcedureEnded;
import io.parley.sessions.entity.SessionEvent.ProcedureStepDone;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.procedure.NextStep;
import io.parley.sessions.procedure.ProcedureNote;
import io.parley.sessions.turn.ToolRound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;

/**
 * Runs the steps of the procedure a session is in (docs/procedures.md), one {@link ProcedureDue} at
 * a time: what the step does is decided in code ({@link NextStep}), persisted as the run's events,
 * and the next step is due once they are durable. An ask waits for the customer's next message,
 * which is the procedure's and not the model's; a tool step runs in {@link ProcedureTools} (once
 * approved, when its tool needs it: {@link ProcedureApprovals}), and its result is due back here.
 * Whatever the model or the customer says, no step is skipped.
 */
record ProcedureCommands(EffectFactories<SessionEvent, SessionState> effect, SessionScope scope, SessionMetrics metrics,
    ProcedureTools tools, Subscribers subscribers, AnswerWaiters waiters, NextTurn nextTurn, HandoffRouting handoffs,
    ProcedureApprovals approvals) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static <E> void register(CommandRoutes.Builder<E> routes, Function<E, ProcedureCommands> handler) {
    routes.inState(Open.class).by(handler).on(ProcedureDue.class, ProcedureCommands::onProcedureDue);
  }

  ReplyEffect<SessionEvent, SessionState> onProcedureDue(Open state, ProcedureDue cmd) {
    Optional<ProcedureNote> running = state.notes().runningProcedure();
    Optional<BotConfig> config = state.botConfig().map(PinnedBotConfig::config);
    if (running.isEmpty() || config.isEmpty() || !state.handoff().botAnswers()) return effect.noReply();
    ProcedureNote note = running.get();
    if (cmd.toolResult().isPresent()) return onToolResult(state, note, cmd.toolResult().get());
    if (tools.isRunning()) return effect.noReply();
    Optional<ChatMessage> answer = state.nextTurn();
    Instant at = scope.now();
    String runId = note.runId();
    return switch (NextStep.of(note, config.get().procedures(), answer.map(ChatMessage::text), at)) {
      case NextStep.CallTool call -> approvals.gate(state, runId, call, config.get()).orElseGet(() -> {
        tools.start(scope.id(), runId, call, config.get(),
            state.notes().language().map(ConversationLanguage::tag).map(tag -> tag.tag()));
        return effect.noReply();
      });
      case NextStep.Checked checked -> persist(state, List.of(
          new ProcedureChecked(runId, checked.label(), checked.held(), checked.seen(), checked.error(), at)), Optional.empty());
      case NextStep.Ask ask -> persist(state, List.of(new ProcedureAsked(runId, ask.label(), ask.attempt(), at)),
          Optional.of(ask.prompt()));
      case NextStep.Answered answered -> persist(state,
          List.of(new ProcedureStepDone(runId, answered.label(), Optional.of(answered.value()), at)), Optional.empty());
      case NextStep.Say say -> persist(state, List.of(new ProcedureStepDone(runId, say.label(), Optional.empty(), at)),
          Optional.of(say.text()), say.options());
      case NextStep.Call call -> persist(state, List.of(new ProcedureStepDone(runId, call.label(), Optional.empty(), at)),
          Optional.empty());
      case NextStep.Over over -> ended(List.of(), runId, over.label(), over.how(), over.reason(), HandoffTrigger.ESCALATION);
      case NextStep.Wait waiting -> effect.noReply();
    };
  }

  /**
   * A tool step's result becomes its variable; a call that failed for good, or whose approval was
   * refused or expired, hands the conversation over.
   */
  private ReplyEffect<SessionEvent, SessionState> onToolResult(Open state, ProcedureNote note, ToolRound.CompletedCall result) {
    if (!tools.isRunning(note.runId(), result.id())) return effect.noReply();
    tools.done(result.ok());
    List<SessionEvent> events = new ArrayList<>(ProcedureApprovals.completed(state, note.runId(), result, scope.now()));
    if (!result.ok()) {
      return ended(events, note.runId(), result.id(), ProcedureRun.Status.HANDED_OVER, result.summary(),
          ProcedureTools.notApproved(result) ? HandoffTrigger.ESCALATION : HandoffTrigger.TOOL_FAILED);
    }
    events.add(new ProcedureStepDone(note.runId(), result.id(), Optional.of(asJson(result.content())), scope.now()));
    return persist(state, events, Optional.empty());
  }

  /** The run ends, after {@code before}. */
  private ReplyEffect<SessionEvent, SessionState> ended(List<SessionEvent> before, String runId, String step,
      ProcedureRun.Status how, String reason, HandoffTrigger trigger) {
    Instant at = scope.now();
    List<SessionEvent> events = new ArrayList<>(before);
    events.add(new ProcedureEnded(runId, step, how, reason, at));
    if (how != ProcedureRun.Status.HANDED_OVER) return effect.persist(events).thenRun(nextTurn::startIfDue).thenNoReply();
    events.add(new AgentRequested(trigger, at));
    return effect.persist(events)
        .thenRun(after -> handoffs.waitForAgent(after)).thenNoReply();
  }

  /**
   * Persists a step's events; with {@code text}, the bot's message too, answering the customer's
   * oldest unanswered message (or none), and the next step is due once they are durable.
   */
  private ReplyEffect<SessionEvent, SessionState> persist(Open state, List<SessionEvent> events, Optional<String> text) {
    return persist(state, events, text, List.of());
  }

  /** As {@link #persist(Open, List, Optional)}, the bot's message offering {@code options} to tap. */
  private ReplyEffect<SessionEvent, SessionState> persist(Open state, List<SessionEvent> events, Optional<String> text,
      List<ReplyOption> options) {
    if (text.isEmpty()) return effect.persist(events).thenRun(nextTurn::startIfDue).thenNoReply();
    long seq = state.transcript().nextSeq();
    Instant at = scope.now();
    String turnId = state.nextTurn().map(ChatMessage::turnId)
        .orElse("procedure-" + state.notes().runningProcedure().map(ProcedureNote::runId).orElse("") + "-" + seq);
    List<SessionEvent> all = new ArrayList<>(events);
    all.add(new AssistantMessageAppended(seq, turnId, text.get(), AnswerSource.PROCEDURE, Optional.empty(), at, false, 0,
        options));
    return effect.persist(all).thenRun(after -> {
      metrics.messagePersisted(scope.id().tenant(), Role.ASSISTANT.wireName());
      waiters.answered(turnId, subscribers.publishMessage(after, seq));
      nextTurn.startIfDue(after);
    }).thenNoReply();
  }

  /** A tool's result as a variable: its JSON, or its text as a JSON string. */
  private static String asJson(String content) {
    try {
      return JSON.readTree(content).toString();
    } catch (java.io.IOException e) {
      return JSON.getNodeFactory().textNode(content).toString();
    }
  }
}
