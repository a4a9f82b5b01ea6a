package io.parley.sessions.entity.procedure;

import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.procedure.ProcedureStep;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.ProcedureApprovalRounds;
import io.parley.sessions.entity.SessionEvent.ProcedureAsked;
import io.parley.sessions.entity.SessionEvent.ProcedureChecked;
import io.parley.sessions.entity.SessionEvent.ProcedureEnded;
import io.parley.sessions.entity.SessionEvent.ProcedureEvent;
import io.parley.sessions.entity.SessionEvent.ProcedureStarted;
import io.parley.sessions.entity.SessionEvent.ProcedureStepDone;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.procedure.ProcedureNote.Step;
import io.parley.sessions.procedure.ProcedureNote;
import io.parley.sessions.turn.ToolRound;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * How an open session folds its procedure events: each moves the run's step machine
 * ({@link ProcedureRun}) under the procedures of the session's pinned
 * configuration and notes the step for the support team. Pure, as every event handler.
 */
public final class ProcedureFold {
  private ProcedureFold() {}

  public static Open apply(Open open, ProcedureEvent event) {
    Map<String, Procedure> named = ProcedureNote.byName(procedures(open));
    ConversationNotes notes = open.notes();
    return switch (event) {
      case ProcedureStarted started -> {
        Procedure procedure = named.get(started.procedure());
        if (procedure == null) yield open;
        ProcedureNote note = ProcedureNote.started(started.runId(), started.turnId(), procedure, started.inputs(), started.at());
        yield open.procedureStep(notes.withProcedure(started.runId(), UnaryOperator.identity(), Optional.of(note)),
            Optional.empty());
      }
      case ProcedureStepDone done -> moved(open, done.runId(), note -> note.after(
          Step.of(done.step(), kindOf(note, named), done.value(), done.at()),
          run -> done.value().isPresent() ? run.set(variableOf(note, named), done.value().get(), named)
              : calledOrPassed(note, named).apply(run)));
      case ProcedureChecked checked -> moved(open, checked.runId(), note -> note.after(
          new Step(checked.step(), "check", Optional.of(checked.seen()), Optional.of(checked.held()), checked.error(),
              checked.at()),
          run -> checked.held() ? run.passed(named) : run.failed(named)));
      case ProcedureAsked asked -> moved(open, asked.runId(), note -> note.after(
          Step.of(asked.step(), "ask", asked.prompt(), asked.at()), run -> run.askedOnce()));
      case ProcedureEnded ended -> moved(open, ended.runId(),
          note -> note.ended(ended.step(), ended.status(), ended.reason(), ended.at()));
    };
  }

  /** The procedures of the configuration the session runs on. */
  private static List<Procedure> procedures(Open open) {
    return open.botConfig().map(PinnedBotConfig::config).map(c -> c.procedures()).orElse(List.of());
  }

  /**
   * The end of the run still running when the conversation closes at {@code at}: abandoned at the
   * step it is at, written before {@code SessionClosed} in its batch, so every run of a journal
   * written since ends with a {@code ProcedureEnded}.
   */
  public static Optional<ProcedureEnded> abandonedAtClose(Open open, Instant at) {
    return open.notes().runningProcedure().map(note -> new ProcedureEnded(note.runId(), note.label(),
        ProcedureRun.Status.ABANDONED, "the conversation closed", at));
  }

  /**
   * The end {@code events}, one step's, bring the running run to when its last step is done or the
   * step they lead to is an {@code end}: folded over {@code open} as the session will fold them, the
   * run stands completed, or at an end, without an end among them. Written in the same batch, so no
   * crash (nor the conversation's close) comes between a step, the message a customer read last, and
   * the run's end, and a replay reads what was decided; named after the last step or the end, at the
   * step's time.
   */
  static Optional<ProcedureEnded> completion(Open open, List<? extends SessionEvent> events) {
    Optional<ProcedureNote> running = open.notes().runningProcedure();
    if (running.isEmpty() || events.stream().anyMatch(event -> event instanceof ProcedureEnded)) return Optional.empty();
    String runId = running.get().runId();
    Open after = open;
    String step = null;
    Instant at = null;
    for (SessionEvent event : events) {
      if (!(event instanceof ProcedureEvent procedure) || !procedure.runId().equals(runId)) continue;
      after = apply(after, procedure);
      switch (procedure) {
        case ProcedureStepDone done -> { step = done.step(); at = done.at(); }
        case ProcedureChecked checked -> { step = checked.step(); at = checked.at(); }
        default -> { }
      }
    }
    if (step == null) return Optional.empty();
    Optional<ProcedureNote> moved = after.notes().procedures().stream().filter(note -> note.runId().equals(runId)).findFirst();
    if (moved.isEmpty()) return Optional.empty();
    if (moved.get().run().status() == ProcedureRun.Status.COMPLETED) {
      return Optional.of(new ProcedureEnded(runId, step, ProcedureRun.Status.COMPLETED, "", at));
    }
    boolean atEnd = moved.get().run().step(ProcedureNote.byName(procedures(open))).orElse(null) instanceof ProcedureStep.End;
    return atEnd ? Optional.of(new ProcedureEnded(runId, moved.get().label(), ProcedureRun.Status.COMPLETED, "", at))
        : Optional.empty();
  }

  /**
   * The run moved; once it is over, the message that started it is the model's no more, even when
   * no step answered it: answering it again, the model would start the procedure again. Nor are
   * the tool rounds its approvals were kept in needed any more.
   */
  private static Open moved(Open open, String runId, UnaryOperator<ProcedureNote> change) {
    ConversationNotes noted = open.notes().withProcedure(runId, change, Optional.empty());
    Optional<String> over = noted.procedures().stream().filter(note -> note.runId().equals(runId) && !note.run().running())
        .map(ProcedureNote::turnId).findFirst();
    Open moved = open.procedureStep(noted, over);
    return over.isPresent() ? withoutRounds(moved, runId) : moved;
  }

  /** {@code open} without the tool rounds of run {@code runId}, which is over; the conversation's notes keep its calls. */
  private static Open withoutRounds(Open open, String runId) {
    String turnId = ProcedureApprovalRounds.turnOf(runId);
    if (!open.toolRounds().containsKey(turnId)) return open;
    Map<String, List<ToolRound>> all = new HashMap<>(open.toolRounds());
    all.remove(turnId);
    return new Open(open.userId(), open.channel(), open.startedAt(), open.lastActivityAt(), open.transcript(), open.notes(),
        open.pendingTurns(), all, open.handoff(), open.botConfig(), open.placedCall());
  }

  private static String kindOf(ProcedureNote note, Map<String, Procedure> named) {
    return note.run().step(named).map(step -> switch (step) {
      case ProcedureStep.Tool tool -> "tool " + tool.tool();
      case ProcedureStep.Ask ask -> "answer " + ask.variable();
      case ProcedureStep.Say say -> "say";
      case ProcedureStep.Call call -> "call " + call.name();
      default -> "step";
    }).orElse("step");
  }

  private static String variableOf(ProcedureNote note, Map<String, Procedure> named) {
    return note.run().step(named).map(step -> switch (step) {
      case ProcedureStep.Tool tool -> tool.as();
      case ProcedureStep.Ask ask -> ask.variable();
      default -> "value";
    }).orElse("value");
  }

  private static UnaryOperator<ProcedureRun> calledOrPassed(ProcedureNote note,
      Map<String, Procedure> named) {
    return note.run().step(named).filter(step -> step instanceof ProcedureStep.Call)
        .<UnaryOperator<ProcedureRun>>map(step ->
            run -> run.called(((ProcedureStep.Call) step).name(), named))
        .orElse(run -> run.passed(named));
  }
}
