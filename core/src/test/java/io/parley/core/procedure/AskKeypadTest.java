package io.parley.core.procedure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageTag;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An ask's keypad: read and written as the tenant writes it, checked when saved, and its rules. */
class AskKeypadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MENU = """
      [{"name": "reason", "description": "Why a customer calls", "steps": [
        {"ask": "reason", "prompt": "What is your call about?", "schema": {"type": "string", "enum": ["bill", "other"]},
         "keypad": {"menu": [{"key": "1", "label": "your bill", "value": "bill"},
                             {"key": "*", "label": "anything else", "value": "other"}], "redact": false}}]}]
      """;

  @Test
  void aPinAndAMenuReadAndWriteBackAsWritten() throws Exception {
    List<String> problems = new ArrayList<>();
    List<Procedure> procedures = ProcedureDocumentTest.read("""
        [{"name": "pin", "description": "A caller's PIN", "steps": [
          {"ask": "pin", "prompt": "Your PIN, please.", "schema": {"type": "string"},
           "keypad": {"min": 4, "max": 6, "terminator": "#", "timeout": 8, "redact": true}}]}]
        """, problems);
    assertEquals(List.of(), problems);
    ProcedureStep.Ask ask = (ProcedureStep.Ask) procedures.getFirst().steps().getFirst();
    assertEquals(Optional.of(new AskKeypad(4, 6, "#", Duration.ofSeconds(8), List.of(), true)), ask.keypad());
    assertEquals(procedures.getFirst(), JSON.treeToValue(JSON.valueToTree(procedures.getFirst()), Procedure.class));

    Procedure menu = ProcedureDocumentTest.read(MENU, problems).getFirst();
    assertEquals(List.of(), problems);
    AskKeypad keypad = ((ProcedureStep.Ask) menu.steps().getFirst()).keypad().orElseThrow();
    assertEquals(List.of(new AskKeypad.MenuEntry("1", "your bill", "bill"), new AskKeypad.MenuEntry("*", "anything else", "other")),
        keypad.menu());
    assertFalse(keypad.redact());
    assertEquals(menu, JSON.treeToValue(JSON.valueToTree(menu), Procedure.class));
  }

  @Test
  void anEntryCompletesAtItsMostKeysOrAMenusOneAndGivesAValueOnlyWithinItsRules() {
    AskKeypad pin = new AskKeypad(4, 6, "#", AskKeypad.DEFAULT_TIMEOUT, List.of(), true);
    assertFalse(pin.completeAt("47"));
    assertTrue(pin.completeAt("471112"));
    assertEquals(Optional.empty(), pin.value("471"), "fewer than min");
    assertEquals(Optional.of("4711"), pin.value("4711"));
    assertEquals(Optional.empty(), pin.value("4711123"), "more than max");
    AskKeypad menu = new AskKeypad(1, 32, "#", AskKeypad.DEFAULT_TIMEOUT,
        List.of(new AskKeypad.MenuEntry("1", "your bill", "bill")), false);
    assertTrue(menu.completeAt("1"));
    assertEquals(Optional.of("bill"), menu.value("1"));
    assertEquals(Optional.empty(), menu.value("2"), "no such choice");
  }

  @Test
  void aMenuIsReadOutAfterThePromptInTheBotsLanguage() {
    AskKeypad menu = new AskKeypad(1, 32, "#", AskKeypad.DEFAULT_TIMEOUT, List.of(
        new AskKeypad.MenuEntry("1", "your bill", "bill"), new AskKeypad.MenuEntry("*", "anything else", "other")), false);
    assertEquals("What is your call about? Press 1 for your bill. Press star for anything else.",
        menu.prompt("What is your call about?", LanguagePack.english()));
    assertEquals("Worum geht es? Drücken Sie 1 für Ihre Rechnung. Drücken Sie Stern für etwas anderes.",
        new AskKeypad(1, 32, "#", AskKeypad.DEFAULT_TIMEOUT, List.of(new AskKeypad.MenuEntry("1", "Ihre Rechnung", "bill"),
            new AskKeypad.MenuEntry("*", "etwas anderes", "other")), false)
            .prompt("Worum geht es?", LanguagePack.of(Optional.of(new LanguageTag("de")))));
  }

  @Test
  void aKeypadOutsideItsRulesIsRefusedWhenSaved() throws Exception {
    List<String> problems = new ArrayList<>();
    ProcedureDocumentTest.read("""
        [{"name": "pin", "description": "d", "steps": [
          {"ask": "pin", "prompt": "p", "schema": {"type": "string"},
           "keypad": {"min": 8, "max": 4, "terminator": "5", "timeout": 90, "redact": "no", "beep": true}},
          {"ask": "choice", "prompt": "p", "schema": {"type": "string", "enum": ["a", "b"]},
           "keypad": {"menu": [{"key": "1", "label": "A", "value": "a"}, {"key": "1", "label": "B", "value": "b"},
                               {"key": "#", "label": "C", "value": "c"}]}}]}]
        """, problems);
    assertEquals(List.of(
        "procedures[0].steps[0].keypad.beep: not a field of keypad (max, menu, min, redact, terminator, timeout)",
        "procedures[0].steps[0].keypad.min: must not be above max",
        "procedures[0].steps[0].keypad.terminator: must be \"#\", \"*\" or \"\" (none)",
        "procedures[0].steps[0].keypad.timeout: must be a whole number from 1 to 60",
        "procedures[0].steps[0].keypad.redact: must be true or false",
        "procedures[0].steps[1].keypad.menu[1].key: 1 is chosen twice",
        "procedures[0].steps[1].keypad.menu[2].key: must be one key of 0-9 or * (not the terminator)"), problems);
  }

  @Test
  void aMenuValueTheSchemaRefusesIsNamedWhenSaved() throws Exception {
    List<String> problems = new ArrayList<>();
    ProcedureDocumentTest.read(MENU.replace("\"value\": \"other\"", "\"value\": \"elsewhere\""), problems);
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.getFirst().startsWith("procedures[0].steps[0].keypad.menu[1].value: the ask's schema refuses it"),
        problems.toString());
  }
}
