package io.parley.sessions.entity.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.handoff.HandoffTrigger;
import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageTag;
import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.procedure.ValueFormat;
import io.parley.core.session.AnswerSource;
import io.parley.core.session.ChatMessage;
import io.parley.core.session.ReplyOption;
import io.parley.core.session.Role;
import io.parley.core.session.Translation;
import io.parley.sessions.SessionMetrics;
import io.parley.sessions.SessionUpdate;
import io.parley.sessions.entity.InternalCommand.ProcedureDue;
import io.parley.sessions.entity.InternalCommand.ProcedureModelDone;
import io.parley.sessions.entity.InternalCommand.ProcedureStepDecided;
import io.parley.sessions.entity.SessionEffects;
import io.parley.sessions.entity.SessionEvent.AgentRequested;
import io.parley.sessions.entity.SessionEvent.AssistantMessageAppended;
import io.parley.sessions.entity.SessionEvent.ProcedureAsked;
import io.parley.sessions.entity.SessionEvent.ProcedureChecked;
import io.parley.sessions.entity.SessionEvent.ProcedureEnded;
import io.parley.sessions.entity.SessionEvent.ProcedureStepDone;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionScope;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.SessionState;
import io.parley.sessions.entity.Subscribers;
import io.parley.sessions.entity.handoff.HandoffRouting;
import io.parley.sessions.entity.turns.AnswerWaiters;
import io.parley.sessions.entity.turns.NextTurn;
import io.parley.sessions.procedure.NextStep;
import io.parley.sessions.procedure.ProcedureNote;
import io.parley.sessions.procedure.StepWording;
import io.parley.sessions.turn.PressKeysTool;
import io.parley.sessions.turn.ToolRound;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.slf4j.event.Level;

/**
 * Runs the steps of the procedure a session is in (docs/procedures.md), one {@link ProcedureDue} at
 * a time: what the step does is decided in code ({@link NextStep}), persisted as the run's events,
 * and the next step is due once they are durable. An ask waits for the customer's next message,
 * which is the procedure's and not the model's; a tool step runs in {@link ProcedureTools} (once
 * approved, when its tool needs it: {@link ProcedureApprovals}), and its result is due back here, as
 * is what {@link ProcedureModel} asked the model for (a message's translation into the conversation's
 * language, an ask's value that code cannot take). What a step computes of the tenant's writing (a
 * check, its texts, an asked value's schema) is decided off the session's thread, within a budget
 * ({@link ProcedureDecisions}), and comes back here too. Whatever the model or the customer says, no
 * step is skipped.
 */
public record ProcedureCommands(SessionEffects effect, SessionScope scope, SessionMetrics metrics,
    ProcedureTools tools, ProcedureModel model, Subscribers subscribers, AnswerWaiters waiters, NextTurn nextTurn,
    HandoffRouting handoffs, ProcedureApprovals approvals, ProcedureDecisions decisions) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ReplyEffect<SessionEvent, SessionState> onProcedureDue(Open state, ProcedureDue cmd) {
    Optional<ProcedureNote> running = state.notes().runningProcedure();
    Optional<BotConfig> config = state.botConfig().map(PinnedBotConfig::config);
    if (running.isEmpty() || config.isEmpty() || !state.handoff().botAnswers()) return effect.noReply();
    ProcedureNote note = running.get();
    if (cmd.toolResult().isPresent()) return onToolResult(state, note, cmd.toolResult().get());
    if (tools.isRunning() || model.isRunning() || decisions.isRunning()) return effect.noReply();
    Optional<ChatMessage> waiting = state.nextTurn();
    Optional<String> answer = waiting.map(ChatMessage::text);
    List<Procedure> procedures = config.get().procedures();
    Instant now = scope.now();
    LanguagePack words = LanguagePack.of(Optional.of(ProcedureModel.written(config.get())));
    ValueFormat format = ValueFormat.in(state.notes().language().map(ConversationLanguage::tag));
    decisions.decide(scope.id(), note, waiting, () -> NextStep.of(note, procedures, answer, now, decisions.budget(), words, format));
    return effect.noReply();
  }

  /**
   * The step decided off the session's thread is taken, if its run is still where it was decided
   * and the customer's message it read is still the one waiting; else it is decided again. Deciding
   * that failed (not a check past its budget, which is the check's own outcome) fails the step; one
   * the node's stop cut short is decided after the restart.
   */
  public ReplyEffect<SessionEvent, SessionState> onStepDecided(Open state, ProcedureStepDecided cmd) {
    Optional<ProcedureDecisions.Deciding> deciding = decisions.done(cmd);
    Optional<ProcedureNote> running = state.notes().runningProcedure();
    Optional<BotConfig> config = state.botConfig().map(PinnedBotConfig::config);
    if (deciding.isEmpty() || running.isEmpty() || config.isEmpty() || !state.handoff().botAnswers()
        || ProcedureDecisions.stopping(cmd)) {
      return effect.noReply();
    }
    ProcedureNote note = running.get();
    if (!deciding.get().isAt(note, state.nextTurn())) {
      scope.tellSelf(new ProcedureDue("", "", Optional.empty()));
      return effect.noReply();
    }
    if (cmd.next().isEmpty()) {
      scope.log(Level.WARN).log("procedure step {} could not be decided: {}", note.label(), cmd.failure());
      return step(state, note, config.get(), NextStep.failed(note, config.get().procedures(), cmd.failure()));
    }
    return step(state, note, config.get(), cmd.next().get());
  }

  /** Takes the step {@code next} says, for {@code note}'s run under {@code config}. */
  private ReplyEffect<SessionEvent, SessionState> step(Open state, ProcedureNote note, BotConfig config, NextStep next) {
    Instant at = scope.now();
    String runId = note.runId();
    return switch (next) {
      case NextStep.CallTool call -> approvals.gate(state, runId, call, config).orElseGet(() -> {
        tools.start(scope.id(), runId, call, config,
            state.notes().language().map(ConversationLanguage::tag).map(tag -> tag.tag()));
        return effect.noReply();
      });
      case NextStep.Checked checked -> persist(state, List.of(
          new ProcedureChecked(runId, checked.label(), checked.held(), checked.seen(), checked.error(), at)), Optional.empty());
      case NextStep.Ask ask -> said(state, note, config, List.of(new ProcedureAsked(runId, ask.label(), ask.attempt(),
          Optional.of(ask.prompt()), at)), ask.prompt(), List.of());
      case NextStep.Answered answered -> persist(state,
          List.of(new ProcedureStepDone(runId, answered.label(), Optional.of(answered.value()), at)), Optional.empty());
      case NextStep.Extract extract -> {
        model.extract(state, config, runId, note.run().asked(), extract);
        yield effect.noReply();
      }
      case NextStep.Say say -> said(state, note, config,
          List.of(new ProcedureStepDone(runId, say.label(), Optional.empty(), at)), say.text(), say.options());
      case NextStep.Call call -> persist(state, List.of(new ProcedureStepDone(runId, call.label(), Optional.empty(), at)),
          Optional.empty());
      case NextStep.Over over -> ended(List.of(), runId, over.label(), over.how(), over.reason(), HandoffTrigger.ESCALATION);
      case NextStep.Wait waiting -> effect.noReply();
    };
  }

  /**
   * A say's or an ask's message, with its step's {@code events}: at once in the language the bot's
   * texts are written in or as the company wrote it for the conversation's language, else once the
   * model translated it into the conversation's (or failed to).
   */
  private ReplyEffect<SessionEvent, SessionState> said(Open state, ProcedureNote note, BotConfig config,
      List<SessionEvent> events, String text, List<ReplyOption> options) {
    Optional<LanguageTag> into = ProcedureModel.translationInto(state, config);
    LanguagePack words = LanguagePack.of(Optional.of(ProcedureModel.written(config)));
    if (into.isEmpty()) {
      // The conversation reads the language the bot's texts are written in: a text the company wrote
      // for that very language (a German bot's texts.de) is still the one it meant to send.
      LanguageTag language = state.notes().language().map(ConversationLanguage::tag).orElse(ProcedureModel.written(config));
      Optional<String> own = StepWording.of(note, config.procedures(), language, words).flatMap(StepWording::own);
      return persist(state, events, Optional.of(own.orElse(text)), options, Optional.empty());
    }
    Optional<StepWording> wording = StepWording.of(note, config.procedures(), into.get(), words);
    if (wording.isEmpty()) return persist(state, events, Optional.of(text), options, Optional.empty());
    ProcedureModel.Saying saying = new ProcedureModel.Saying(note.runId(), note.label(), note.run().asked(), events, text,
        options, wording.get(), ProcedureModel.written(config), into.get());
    // The company wrote all of it in the conversation's language: nothing for the model to translate.
    if (wording.get().written().isEmpty()) return send(state, saying, new ProcedureModelOutcome.Translated(List.of()));
    model.translate(state, config, saying);
    return effect.noReply();
  }

  /** {@code saying}'s message, as {@code outcome} leaves it. */
  private ReplyEffect<SessionEvent, SessionState> send(Open state, ProcedureModel.Saying saying,
      ProcedureModelOutcome outcome) {
    ProcedureModel.Saying sent = saying.sent(outcome);
    return persist(state, saying.events(), Optional.of(sent.text()), sent.options(), sent.translation(saying.text()));
  }

  /**
   * The model's work for a step is back: a message goes out, translated or as written, and an
   * extracted value is judged as a value taken in code is. Work for a step its run has left (the
   * conversation handed over meanwhile, say) is dropped, and the run's next step is due.
   */
  public ReplyEffect<SessionEvent, SessionState> onModelDone(Open state, ProcedureModelDone cmd) {
    Optional<ProcedureModel.Work> work = model.done(cmd);
    Optional<ProcedureNote> running = state.notes().runningProcedure();
    Optional<BotConfig> config = state.botConfig().map(PinnedBotConfig::config);
    if (work.isEmpty() || running.isEmpty() || config.isEmpty() || !state.handoff().botAnswers()) return effect.noReply();
    ProcedureNote note = running.get();
    if (!note.runId().equals(work.get().runId()) || !note.label().equals(work.get().label())
        || note.run().asked() != work.get().asked()) {
      scope.tellSelf(new ProcedureDue("", "", Optional.empty()));
      return effect.noReply();
    }
    if (cmd.outcome() instanceof ProcedureModelOutcome.Failed failed) {
      scope.log(Level.WARN).log("procedure step {} goes on without the model: {}", note.label(), failed.why());
    }
    if (work.get() instanceof ProcedureModel.Saying saying) return send(state, saying, cmd.outcome());
    Optional<JsonNode> value = cmd.outcome() instanceof ProcedureModelOutcome.Extracted extracted
        ? extracted.value() : Optional.empty();
    List<Procedure> procedures = config.get().procedures();
    LanguagePack words = LanguagePack.of(Optional.of(ProcedureModel.written(config.get())));
    ValueFormat format = ValueFormat.in(state.notes().language().map(ConversationLanguage::tag));
    decisions.decide(scope.id(), note, state.nextTurn(), () -> NextStep.extracted(note, procedures, value, words, format));
    return effect.noReply();
  }

  /**
   * A tool step's result becomes its variable; a call that failed for good, or whose approval was
   * refused or expired, hands the conversation over.
   */
  private ReplyEffect<SessionEvent, SessionState> onToolResult(Open state, ProcedureNote note, ToolRound.CompletedCall ran) {
    if (!tools.isRunning(note.runId(), ran.id())) return effect.noReply();
    // Keys a step pressed are stored as how many; the call gets them from the result as it ran.
    ToolRound.CompletedCall result = PressKeysTool.kept(ran);
    tools.done(result.ok());
    List<SessionEvent> events = new ArrayList<>(ProcedureApprovals.completed(state, note.runId(), result, scope.now()));
    if (!result.ok()) {
      return ended(events, note.runId(), result.id(), ProcedureRun.Status.HANDED_OVER, result.summary(),
          ProcedureTools.notApproved(result) ? HandoffTrigger.ESCALATION : HandoffTrigger.TOOL_FAILED);
    }
    events.add(new ProcedureStepDone(note.runId(), result.id(), Optional.of(asJson(result.content())), scope.now()));
    // A step that pressed keys: the phone call following the session sends them.
    PressKeysTool.keysPressed(ran).ifPresent(keys -> subscribers.publish(new SessionUpdate.PressKeys(keys)));
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
   * Persists a step's events, with the run's end when they complete it ({@link ProcedureFold#completion});
   * with {@code text}, the bot's message too, answering the customer's oldest unanswered message (or
   * none), and the next step is due once they are durable.
   */
  private ReplyEffect<SessionEvent, SessionState> persist(Open state, List<SessionEvent> events, Optional<String> text) {
    return persist(state, events, text, List.of(), Optional.empty());
  }

  /**
   * As {@link #persist(Open, List, Optional)}, the bot's message offering {@code options} to tap,
   * marked as {@code translation} of the text as written when it is one.
   */
  private ReplyEffect<SessionEvent, SessionState> persist(Open state, List<SessionEvent> events, Optional<String> text,
      List<ReplyOption> options, Optional<Translation> translation) {
    Optional<ProcedureEnded> end = ProcedureFold.completion(state, events);
    if (text.isEmpty()) {
      List<SessionEvent> step = new ArrayList<>(events);
      end.ifPresent(step::add);
      return effect.persist(step).thenRun(nextTurn::startIfDue).thenNoReply();
    }
    long seq = state.transcript().nextSeq();
    Instant at = scope.now();
    String turnId = state.nextTurn().map(ChatMessage::turnId)
        .orElse("procedure-" + state.notes().runningProcedure().map(ProcedureNote::runId).orElse("") + "-" + seq);
    List<SessionEvent> all = new ArrayList<>(events.stream().map(event -> asSent(event, text.get())).toList());
    all.add(new AssistantMessageAppended(seq, turnId, text.get(), AnswerSource.PROCEDURE, Optional.empty(), at, false, 0,
        options, translation));
    end.ifPresent(all::add);
    return effect.persist(all).thenRun(after -> {
      metrics.messagePersisted(scope.id().tenant(), Role.ASSISTANT.wireName());
      waiters.answered(turnId, subscribers.publishMessage(after, seq));
      nextTurn.startIfDue(after);
    }).thenNoReply();
  }

  /** An ask keeps its prompt as the customer got it: translated, when it was. */
  private static SessionEvent asSent(SessionEvent event, String sent) {
    return event instanceof ProcedureAsked asked && asked.prompt().isPresent()
        ? new ProcedureAsked(asked.runId(), asked.step(), asked.attempt(), Optional.of(sent), asked.at()) : event;
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
