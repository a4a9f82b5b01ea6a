package io.parley.sessions.procedure;

import io.parley.core.compute.LogicBudget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageTag;
import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureDocument;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.procedure.ValueFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What a procedure's steps ask of the model, decided without a session: a say's and an ask's
 * texts to translate, their values never among them and put back verbatim (or the texts as written
 * when a translation broke a marker); and an ask under a schema code takes no value under, whose
 * value the model extracts and code judges, asked again when invalid, handed over after the last ask.
 */
class ModelStepsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
  private static final String ADDRESS = "{\"type\": \"object\", \"properties\": {\"street\": {\"type\": \"string\"}, "
      + "\"city\": {\"type\": \"string\"}}, \"required\": [\"street\", \"city\"]}";
  private static final List<Procedure> DELIVERY = read("""
      [{"name": "delivery", "description": "Send an order elsewhere",
        "inputs": {"type": "object", "properties": {"order": {"type": "string"}}, "required": ["order"]},
        "steps": [
          {"say": "Order {{inputs.order}} goes elsewhere, {{inputs.order}}.", "options": [{"label": "Keep {{inputs.order}}", "value": "keep"}]},
          {"ask": "address", "prompt": "Where shall {{inputs.order}} go?", "schema": %s},
          {"say": "{{inputs.order}} goes to {{address.street}}, {{address.city}}.",
           "texts": {"de": "{{inputs.order}} geht an {{address.street}} in {{address.city}}."}}]}]
      """.formatted(ADDRESS));
  private static final LanguageTag GERMAN = new LanguageTag("de");
  private static final Map<String, Procedure> NAMED = ProcedureNote.byName(DELIVERY);

  @Test
  void aSaysTextsGoToTheModelWithoutTheValuesWhichComeBackVerbatim() {
    StepWording wording = StepWording.of(started(), DELIVERY, GERMAN, LanguagePack.english()).orElseThrow();
    assertEquals(List.of("Order [VALUE_1] goes elsewhere, [VALUE_2].", "Keep [VALUE_3]"), wording.written());
    assertEquals(List.of("A-1 $1", "A-1 $1", "A-1 $1"), wording.values());
    assertEquals(Optional.of(List.of("Bestellung A-1 $1 geht, A-1 $1, woanders hin.", "A-1 $1 behalten")),
        wording.filled(List.of("Bestellung [VALUE_1] geht, [VALUE_2], woanders hin.", "[VALUE_3] behalten")));
    assertEquals(Optional.empty(), wording.filled(List.of("Bestellung [VALUE_1] geht woanders hin.", "[VALUE_3] behalten")),
        "a marker lost");
    assertEquals(Optional.empty(), wording.filled(List.of("[VALUE_1] [VALUE_2] [VALUE_2]", "[VALUE_3]")), "one repeated");
    assertEquals(Optional.empty(), wording.filled(List.of("[VALUE_1], [VALUE_2]")), "a text missing");
    assertEquals(List.of("Where shall [VALUE_1] go?"), StepWording.of(atAsk(), DELIVERY, GERMAN, LanguagePack.english()).orElseThrow().written());
  }

  @Test
  void theCompanysOwnTextForTheLanguageIsTakenFilledAndNotTranslated() throws Exception {
    ProcedureNote atLast = atAsk().after(step("ask"), run -> run.set("address",
        "{\"street\": \"Main St 5\", \"city\": \"Berlin\"}", NAMED));
    StepWording wording = StepWording.of(atLast, DELIVERY, new LanguageTag("de-AT"), LanguagePack.english()).orElseThrow();
    assertEquals(List.of(), wording.written(), "nothing for the model");
    assertEquals(Optional.of(List.of("A-1 $1 geht an Main St 5 in Berlin.")), wording.filled(List.of()));
    assertEquals(List.of("[VALUE_1] goes to [VALUE_2], [VALUE_3]."),
        StepWording.of(atLast, DELIVERY, new LanguageTag("fr"), LanguagePack.english()).orElseThrow().written(), "no French text of the company's");
  }

  @Test
  void anObjectsValueIsTheModelsAndIsJudgedInCode() throws Exception {
    ProcedureNote asked = atAsk().after(step("ask"), ProcedureRun::askedOnce);
    assertEquals(new NextStep.Extract("delivery.steps[1]", "address", JSON.readTree(ADDRESS).toString(), "Where shall A-1 $1 go?", "Main St 5 in Berlin"),
        NextStep.of(asked, DELIVERY, Optional.of("Main St 5 in Berlin"), NOW, LogicBudget.DEFAULT, LanguagePack.english(), ValueFormat.AS_STORED));
    JsonNode valid = JSON.readTree("{\"street\": \"Main St 5\", \"city\": \"Berlin\"}");
    assertEquals(new NextStep.Answered("delivery.steps[1]", "address", valid.toString()),
        NextStep.extracted(asked, DELIVERY, Optional.of(valid), LanguagePack.english(), ValueFormat.AS_STORED));
    assertEquals(new NextStep.Ask("delivery.steps[1]", "Where shall A-1 $1 go?", 2),
        NextStep.extracted(asked, DELIVERY, Optional.of(JSON.readTree("{\"street\": \"Main St 5\"}")), LanguagePack.english(), ValueFormat.AS_STORED), "no city: asked again");
    assertEquals(new NextStep.Ask("delivery.steps[1]", "Where shall A-1 $1 go?", 2),
        NextStep.extracted(asked, DELIVERY, Optional.empty(), LanguagePack.english(), ValueFormat.AS_STORED), "none given, or the model failed");
    ProcedureNote thrice = asked.after(step("ask"), ProcedureRun::askedOnce).after(step("ask"), ProcedureRun::askedOnce);
    NextStep.Over over = assertInstanceOf(NextStep.Over.class, NextStep.extracted(thrice, DELIVERY, Optional.empty(), LanguagePack.english(), ValueFormat.AS_STORED));
    assertEquals(ProcedureRun.Status.HANDED_OVER, over.how());
    assertEquals(NextStep.Over.class, NextStep.extracted(started(), DELIVERY, Optional.of(valid), LanguagePack.english(), ValueFormat.AS_STORED).getClass(),
        "a run no longer at an ask takes no value");
  }

  private static ProcedureNote started() {
    return ProcedureNote.started("run-1", "turn-1", DELIVERY.getFirst(), "{\"order\":\"A-1 $1\"}", NOW);
  }

  private static ProcedureNote atAsk() {
    return started().after(step("say"), run -> run.passed(NAMED));
  }

  private static ProcedureNote.Step step(String kind) {
    return ProcedureNote.Step.of("x", kind, Optional.empty(), NOW);
  }

  private static List<Procedure> read(String json) {
    List<String> problems = new ArrayList<>();
    try {
      List<Procedure> read = ProcedureDocument.read(JSON.readTree(json), Set.of(), problems);
      assertEquals(List.of(), problems);
      return read;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
