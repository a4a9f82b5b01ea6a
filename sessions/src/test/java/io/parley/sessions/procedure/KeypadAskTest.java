package io.parley.sessions.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.compute.LogicBudget;
import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageTag;
import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureDocument;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.procedure.ValueFormat;
import io.parley.core.session.KeypadEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An ask with a keypad: its menu read out with the prompt, and a caller's keys answering it by its rules. */
class KeypadAskTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");
  private static final List<Procedure> PROCEDURES = read("""
      [{"name": "account", "description": "A caller's account",
        "steps": [
          {"ask": "pin", "prompt": "Your PIN, please.", "schema": {"type": "string", "pattern": "^[0-9]{4}$"},
           "keypad": {"min": 4, "max": 4}},
          {"ask": "topic", "prompt": "What is it about?", "schema": {"type": "string", "enum": ["bill", "other"]},
           "keypad": {"menu": [{"key": "1", "label": "your bill", "value": "bill"},
                               {"key": "2", "label": "anything else", "value": "other"}], "redact": false}},
          {"ask": "order", "prompt": "Your order number?", "schema": {"type": "integer"}}]}]
      """);
  private static final Map<String, Procedure> NAMED = Map.of("account", PROCEDURES.getFirst());

  @Test
  void aPinIsTakenFromKeysOfItsLengthAndAskedAgainOtherwise() {
    ProcedureNote asked = asked(started());
    assertEquals(new NextStep.Answered("account.steps[0]", "pin", "\"4711\""), next(asked, KeypadEntry.written("4711", true)));
    assertEquals(new NextStep.Ask("account.steps[0]", "Your PIN, please.", 2), next(asked, KeypadEntry.written("471", true)),
        "three keys are no four-key PIN");
    assertEquals(new NextStep.Answered("account.steps[0]", "pin", "\"4711\""), next(asked, "it is 4711"),
        "said aloud, it is taken as any answer is");
  }

  @Test
  void aMenuIsReadOutWithThePromptAndItsKeyChoosesTheValue() {
    ProcedureNote atMenu = started().after(step(), run -> run.set("pin", "\"4711\"", NAMED));
    assertEquals(new NextStep.Ask("account.steps[1]", "What is it about? Press 1 for your bill. Press 2 for anything else.", 1),
        next(atMenu, "⌨ 4711"));
    ProcedureNote asked = asked(atMenu);
    assertEquals(new NextStep.Answered("account.steps[1]", "topic", "\"other\""), next(asked, KeypadEntry.written("2", false)));
    assertEquals(new NextStep.Ask("account.steps[1]", "What is it about? Press 1 for your bill. Press 2 for anything else.", 2),
        next(asked, KeypadEntry.written("7", false)), "7 chooses nothing");
    StepWording wording = StepWording.of(atMenu, PROCEDURES, new LanguageTag("de"), LanguagePack.english()).orElseThrow();
    assertEquals(List.of("What is it about? Press 1 for your bill. Press 2 for anything else."), wording.written(),
        "translated with its prompt into the conversation's language");
  }

  @Test
  void keysAnswerAnAskWithoutAKeypadAsTheirText() {
    ProcedureNote atOrder = started().after(step(), run -> run.set("pin", "\"4711\"", NAMED))
        .after(step(), run -> run.set("topic", "\"bill\"", NAMED));
    assertEquals(new NextStep.Answered("account.steps[2]", "order", "10442"), next(asked(atOrder), KeypadEntry.written("10442", true)));
  }

  private static ProcedureNote started() {
    return ProcedureNote.started("run-1", "turn-1", PROCEDURES.getFirst(), "{}", NOW);
  }

  private static ProcedureNote asked(ProcedureNote note) {
    return note.after(step(), ProcedureRun::askedOnce);
  }

  private static ProcedureNote.Step step() {
    return ProcedureNote.Step.of("x", "ask", Optional.empty(), NOW);
  }

  private static NextStep next(ProcedureNote note, String answer) {
    return NextStep.of(note, PROCEDURES, Optional.of(answer), NOW, LogicBudget.DEFAULT, LanguagePack.english(),
        ValueFormat.AS_STORED);
  }

  private static List<Procedure> read(String document) {
    try {
      List<String> problems = new ArrayList<>();
      List<Procedure> procedures = ProcedureDocument.read(new ObjectMapper().readTree(document), Set.of(), problems);
      if (!problems.isEmpty()) throw new IllegalArgumentException(problems.toString());
      return procedures;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
