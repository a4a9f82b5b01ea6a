package io.parley.sessions.entity.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.bot.BotConfig;
import io.parley.core.bot.PinnedBotConfig;
import io.parley.core.evaluation.Observation;
import io.parley.core.handoff.Handoff;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.session.Channel;
import io.parley.sessions.entity.ConversationNotes;
import io.parley.sessions.entity.PersistedConfigs;
import io.parley.sessions.entity.SessionEvent.ProcedureAsked;
import io.parley.sessions.entity.SessionEvent.ProcedureChecked;
import io.parley.sessions.entity.SessionEvent.ProcedureEnded;
import io.parley.sessions.entity.SessionEvent.ProcedureEvent;
import io.parley.sessions.entity.SessionEvent.ProcedureStarted;
import io.parley.sessions.entity.SessionEvent.ProcedureStepDone;
import io.parley.sessions.entity.SessionEvent;
import io.parley.sessions.entity.SessionState.Open;
import io.parley.sessions.entity.Transcript;
import io.parley.sessions.procedure.ProcedureNote;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A run's end is decided from the step's own events, folded as the session folds them: the last
 * step done completes the run with an end named after it, as does a step before an {@code end} with
 * the end named after that, other steps do not, and a close ends a run still under way as abandoned. Journals without the end still read as completed.
 */
class ProcedureFoldTest {
  private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(1);
  private static final BotConfig CONFIG = PersistedConfigs.read("""
      {"procedures": [
        {"name": "refund", "description": "Money back",
         "inputs": {"type": "object", "properties": {"order": {"type": "string"}}},
         "steps": [
           {"check": "inputs.order != ''", "otherwise": [{"say": "Which order?"}, {"end": true}]},
           {"ask": "reason", "prompt": "What was wrong with {{inputs.order}}?", "schema": {"type": "string"}},
           {"say": "Done."}]},
        {"name": "gate", "description": "A check and nothing after it", "steps": [{"check": "inputs.ok == true"}]},
        {"name": "notify", "description": "Otherwise steps that run out, and a sub-procedure last",
         "steps": [{"check": "inputs.ok == true", "otherwise": [{"say": "Not ok."}]}, {"procedure": "thanks"}]},
        {"name": "thanks", "description": "Thanks", "steps": [{"say": "Thanks."}]}]}
      """);

  @Test
  void theLastStepDoneCompletesTheRunWithAnEndNamedAfterItInItsBatch() {
    Open asked = fold(started("refund", "{\"order\":\"A-1\"}"),
        new ProcedureChecked("r1", "refund.steps[0]", true, "{}", Optional.empty(), T0),
        new ProcedureAsked("r1", "refund.steps[1]", 1, Optional.of("What was wrong with A-1?"), T0));
    List<SessionEvent> answered = List.of(new ProcedureStepDone("r1", "refund.steps[1]", Optional.of("\"torn\""), T0));
    assertEquals(Optional.empty(), ProcedureFold.completion(asked, answered), "an answer with a step after it ends nothing");

    List<SessionEvent> said = List.of(new ProcedureStepDone("r1", "refund.steps[2]", Optional.empty(), T1));
    Open atSay = fold(asked, answered.getFirst());
    ProcedureEnded end = ProcedureFold.completion(atSay, said).orElseThrow();
    assertEquals(new ProcedureEnded("r1", "refund.steps[2]", ProcedureRun.Status.COMPLETED, "", T1), end);

    ProcedureNote note = fold(atSay, said.getFirst(), end).notes().procedures().getFirst();
    assertEquals(Optional.of("completed"), note.outcome());
    assertEquals(ProcedureNote.Step.of("refund.steps[2]", "end", Optional.of(""), T1), note.steps().getLast());
    assertEquals(Optional.of("What was wrong with A-1?"), note.steps().get(2).value(), "the ask keeps its prompt");
    assertEquals(new Observation.ProcedureRan("refund", true, List.of(
        new Observation.StepWent("refund.steps[0]", "held"), new Observation.StepWent("refund.steps[1]", "asked"),
        new Observation.StepWent("refund.steps[1]", "done"), new Observation.StepWent("refund.steps[2]", "done"))),
        note.observed());
  }

  @Test
  void aCheckThatEndsTheProcedureItIsInCompletesItAtTheCheckWhichWentAsItWent() {
    Open started = started("gate", "{\"ok\":false}");
    List<SessionEvent> checked = List.of(new ProcedureChecked("r1", "gate.steps[0]", false, "{}", Optional.empty(), T1));
    ProcedureEnded end = ProcedureFold.completion(started, checked).orElseThrow();
    assertEquals(new ProcedureEnded("r1", "gate.steps[0]", ProcedureRun.Status.COMPLETED, "", T1), end);
    ProcedureNote note = fold(started, checked.getFirst(), end).notes().procedures().getFirst();
    assertEquals(List.of(new Observation.StepWent("gate.steps[0]", "not held")), note.observed().steps());
  }

  @Test
  void aSayBeforeAnEndStepEndsTheRunInItsBatchAtTheEndAndAnEndOfItsOwnWritesNoSecond() {
    Open started = started("refund", "{\"order\":\"\"}");
    List<SessionEvent> checked = List.of(new ProcedureChecked("r1", "refund.steps[0]", false, "{}", Optional.empty(), T0));
    assertEquals(Optional.empty(), ProcedureFold.completion(started, checked), "the check leads to a say");
    Open atSay = fold(started, checked.getFirst());
    List<SessionEvent> said = List.of(new ProcedureStepDone("r1", "refund.steps[0].otherwise[0]", Optional.empty(), T1));
    ProcedureEnded end = ProcedureFold.completion(atSay, said).orElseThrow();
    assertEquals(new ProcedureEnded("r1", "refund.steps[0].otherwise[1]", ProcedureRun.Status.COMPLETED, "", T1), end,
        "no close between the message and the end can leave the run abandoned");
    assertEquals(Optional.of("completed"), fold(atSay, said.getFirst(), end).notes().procedures().getFirst().outcome());

    Open atEnd = fold(atSay, said.getFirst());
    assertEquals(Optional.empty(), ProcedureFold.completion(atEnd, List.of(new ProcedureEnded("r1",
        "refund.steps[0].otherwise[1]", ProcedureRun.Status.COMPLETED, "", T1))), "a journal's end step of its own");
  }

  @Test
  void otherwiseStepsThatRunOutAndASubProceduresLastStepCompleteTheRunAtThatStep() {
    Open failed = fold(started("notify", "{\"ok\":false}"),
        new ProcedureChecked("r1", "notify.steps[0]", false, "{}", Optional.empty(), T0));
    assertEquals(Optional.of(new ProcedureEnded("r1", "notify.steps[0].otherwise[0]", ProcedureRun.Status.COMPLETED, "", T1)),
        ProcedureFold.completion(failed, List.of(new ProcedureStepDone("r1", "notify.steps[0].otherwise[0]", Optional.empty(), T1))));

    Open held = fold(started("notify", "{\"ok\":true}"),
        new ProcedureChecked("r1", "notify.steps[0]", true, "{}", Optional.empty(), T0));
    List<SessionEvent> called = List.of(new ProcedureStepDone("r1", "notify.steps[1]", Optional.empty(), T0));
    assertEquals(Optional.empty(), ProcedureFold.completion(held, called), "the call has the sub-procedure's steps after it");
    assertEquals(Optional.of(new ProcedureEnded("r1", "thanks.steps[0]", ProcedureRun.Status.COMPLETED, "", T1)),
        ProcedureFold.completion(fold(held, called.getFirst()),
            List.of(new ProcedureStepDone("r1", "thanks.steps[0]", Optional.empty(), T1))));
  }

  @Test
  void aCloseAbandonsTheRunStillUnderWayAtItsStepAndNothingWhenNoneIs() {
    Open started = started("refund", "{\"order\":\"A-1\"}");
    assertEquals(Optional.of(new ProcedureEnded("r1", "refund.steps[0]", ProcedureRun.Status.ABANDONED,
        "the conversation closed", T1)), ProcedureFold.abandonedAtClose(started, T1));
    Open over = fold(started, new ProcedureEnded("r1", "refund.steps[0]", ProcedureRun.Status.HANDED_OVER, "no", T0));
    assertEquals(Optional.empty(), ProcedureFold.abandonedAtClose(over, T1));
  }

  @Test
  void aJournalWhoseLastStepWroteNoEndStillReadsAsCompletedWithoutAnEndStep() {
    Open old = fold(started("gate", "{\"ok\":true}"),
        new ProcedureChecked("r1", "gate.steps[0]", true, "{}", Optional.empty(), T0));
    ProcedureNote note = old.notes().procedures().getFirst();
    assertEquals(Optional.of("completed"), note.outcome());
    assertEquals("check", note.steps().getLast().kind());
    assertEquals(Optional.empty(), old.notes().runningProcedure());
  }

  private static Open started(String procedure, String inputs) {
    Open open = new Open(Optional.empty(), Channel.CHAT, T0, T0, Transcript.empty(), ConversationNotes.empty(), List.of(),
        Map.of(), Handoff.bot(), Optional.of(new PinnedBotConfig(1, CONFIG)), false);
    return fold(open, new ProcedureStarted("r1", procedure, inputs, "turn-1", T0));
  }

  private static Open fold(Open open, SessionEvent... events) {
    Open folded = open;
    for (SessionEvent event : events) folded = ProcedureFold.apply(folded, (ProcedureEvent) event);
    return folded;
  }
}
