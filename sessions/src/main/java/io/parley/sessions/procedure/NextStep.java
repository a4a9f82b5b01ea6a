package io.parley.sessions.procedure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.core.procedure.AskSchema;
import io.parley.core.procedure.Procedure;
import io.parley.core.procedure.ProcedureCheck;
import io.parley.core.procedure.ProcedureRun;
import io.parley.core.procedure.ProcedureStep;
import io.parley.core.procedure.StepTemplate;
import io.parley.core.procedure.ValueFormat;
import io.parley.core.bot.JsonText;
import io.parley.core.compute.LogicBudget;
import io.parley.core.language.LanguagePack;
import io.parley.core.procedure.AskKeypad;
import io.parley.core.session.KeypadEntry;
import io.parley.core.session.ReplyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a running procedure does next, decided in code from where its run stands: pure, so the
 * session only persists what this says and a replay decides the same. The model never decides:
 * a check is evaluated here, an ask's value is taken from the customer's answer here (or, under a
 * schema code takes none under, extracted by the model and validated here), and a tool's
 * arguments are filled from the variables here. What a tenant wrote runs here (a check, a text's
 * placeholders, a schema), so the session has it decided off its own thread ({@link TenantLogic}).
 */
public sealed interface NextStep {

  /** Call {@code tool} with {@code arguments}; its result becomes {@code variable}. */
  record CallTool(String label, String tool, JsonNode arguments, String variable) implements NextStep {}

  /** The check {@code label} held or not; {@code seen}: the values of the variables it names, as JSON. */
  record Checked(String label, boolean held, String seen, Optional<String> error) implements NextStep {}

  /** Ask the customer {@code prompt} (again, for {@code attempt} above 1). */
  record Ask(String label, String prompt, int attempt) implements NextStep {}

  /** The customer's answer gave {@code value} (JSON) for {@code variable}. */
  record Answered(String label, String variable, String value) implements NextStep {}

  /**
   * Ask the model for the value of {@code schema} in the customer's {@code answer} to {@code prompt}:
   * the schema is one code takes no value under (an object, a list); the value is due back
   * through {@link #extracted}.
   */
  record Extract(String label, String variable, String schema, String prompt, String answer) implements NextStep {}

  /** Tell the customer {@code text}, offering {@code options} to tap. */
  record Say(String label, String text, List<ReplyOption> options) implements NextStep {}

  /** Into the sub-procedure {@code name}. */
  record Call(String label, String name) implements NextStep {}

  /** The run is over as {@code how}: ended, or handed over to a person for {@code reason}. */
  record Over(String label, ProcedureRun.Status how, String reason) implements NextStep {}

  /** Nothing to do until the customer answers the ask. */
  record Wait() implements NextStep {}

  /** What a check names a variable by. */
  Pattern VARIABLE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  /**
   * What {@code note}'s run does next under {@code procedures}; {@code answer}, the customer's
   * message written since the last ask (if any), is what an ask that asked takes its value from; a
   * check is evaluated within {@code budget}; the texts show the values as {@code format} has them;
   * {@code words}, the bot's language's, read an ask's keypad menu.
   */
  static NextStep of(ProcedureNote note, List<Procedure> procedures, Optional<String> answer, Instant now,
      LogicBudget budget, LanguagePack words, ValueFormat format) {
    Map<String, Procedure> named = ProcedureNote.byName(procedures);
    ProcedureRun run = note.run();
    String label = note.label();
    Optional<ProcedureStep> at = run.step(named);
    if (at.isEmpty()) return new Over(label, ProcedureRun.Status.ABANDONED, "the procedure's steps changed");
    Map<String, JsonNode> values = run.values();
    return switch (at.get()) {
      case ProcedureStep.Tool tool -> new CallTool(label, tool.tool(),
          StepTemplate.fill(JsonText.tree(tool.arguments()), values), tool.as());
      case ProcedureStep.Check check -> {
        ProcedureCheck.Outcome outcome = ProcedureCheck.evaluate(check.expression(), values, now, budget);
        yield new Checked(label, outcome.passed(), seen(check.expression(), values), outcome.error());
      }
      case ProcedureStep.Ask ask -> asked(label, ask, run, answer, values, words, format);
      case ProcedureStep.Say say -> new Say(label, StepTemplate.fill(say.text(), values, format), say.options().stream()
          .map(option -> new ReplyOption(StepTemplate.fill(option.label(), values, format), StepTemplate.fill(option.value(), values)))
          .toList());
      case ProcedureStep.Handoff handoff -> new Over(label, ProcedureRun.Status.HANDED_OVER, handoff.reason());
      case ProcedureStep.End end -> new Over(label, ProcedureRun.Status.COMPLETED, "");
      case ProcedureStep.Call call -> new Call(label, call.name());
    };
  }

  /**
   * An ask not asked yet asks; one asked waits for an answer, takes a valid value from it, or asks
   * again, and after {@link ProcedureRun#MAX_ASKS} asks without a valid value hands over. Keys
   * pressed answer an ask with a keypad by its rules ({@link AskKeypad#value}), any other as if said.
   */
  private static NextStep asked(String label, ProcedureStep.Ask ask, ProcedureRun run, Optional<String> answer,
      Map<String, JsonNode> values, LanguagePack words, ValueFormat format) {
    String prompt = prompt(ask, values, words, format);
    if (run.asked() == 0) return new Ask(label, prompt, 1);
    if (answer.isEmpty()) return new Wait();
    Optional<String> keys = KeypadEntry.keysOf(answer.get());
    if (keys.isPresent() && ask.keypad().isPresent()) {
      Optional<JsonNode> value = ask.keypad().get().value(keys.get()).map(JsonNodeFactory.instance::textNode);
      return judged(label, ask, run, prompt, value.filter(v -> AskSchema.problems(ask.schema(), v).isEmpty()));
    }
    if (keys.isPresent()) answer = keys;
    if (!AskSchema.takenInCode(ask.schema())) return new Extract(label, ask.variable(), ask.schema(), prompt, answer.get());
    return judged(label, ask, run, prompt, valueOf(ask.schema(), answer.get()));
  }

  /**
   * What the ask {@code note}'s run is at does with {@code value}, the model's extraction from the
   * answer (empty: none, or the model failed): as with a value taken in code, a valid one is the
   * answer, else the customer is asked again or, after the last ask, the conversation handed over.
   */
  static NextStep extracted(ProcedureNote note, List<Procedure> procedures, Optional<JsonNode> value,
      LanguagePack words, ValueFormat format) {
    Optional<ProcedureStep> at = note.run().step(ProcedureNote.byName(procedures));
    if (!(at.orElse(null) instanceof ProcedureStep.Ask ask)) {
      return new Over(note.label(), ProcedureRun.Status.ABANDONED, "the procedure's steps changed");
    }
    String prompt = prompt(ask, note.run().values(), words, format);
    return judged(note.label(), ask, note.run(), prompt, value.filter(v -> AskSchema.problems(ask.schema(), v).isEmpty()));
  }

  /**
   * What {@code note}'s run does when deciding its step failed for {@code why} (not the budget, which
   * a check meets as its own outcome): a check could not be evaluated, and does not hold; any other
   * step hands the conversation over.
   */
  static NextStep failed(ProcedureNote note, List<Procedure> procedures, String why) {
    Optional<ProcedureStep> at = note.run().step(ProcedureNote.byName(procedures));
    if (at.orElse(null) instanceof ProcedureStep.Check check) {
      return new Checked(note.label(), false, seen(check.expression(), note.run().values()),
          Optional.of("could not be evaluated: " + why));
    }
    return new Over(note.label(), ProcedureRun.Status.HANDED_OVER, "the step could not be taken: " + why);
  }

  private static NextStep judged(String label, ProcedureStep.Ask ask, ProcedureRun run, String prompt, Optional<JsonNode> value) {
    if (value.isPresent()) return new Answered(label, ask.variable(), value.get().toString());
    if (run.mayAskAgain()) return new Ask(label, prompt, run.asked() + 1);
    return new Over(label, ProcedureRun.Status.HANDED_OVER, "no valid answer to " + ask.variable() + " after "
        + ProcedureRun.MAX_ASKS + " asks");
  }

  /** The ask's prompt, filled, and its keypad menu read out in {@code words}. */
  private static String prompt(ProcedureStep.Ask ask, Map<String, JsonNode> values, LanguagePack words,
      ValueFormat format) {
    String filled = StepTemplate.fill(ask.prompt(), values, format);
    return ask.keypad().map(keypad -> keypad.prompt(filled, words)).orElse(filled);
  }

  /** The values of the variables {@code expression} names, as the run's record shows what a check saw. */
  private static String seen(String expression, Map<String, JsonNode> values) {
    ObjectNode named = JsonNodeFactory.instance.objectNode();
    Matcher names = VARIABLE_NAME.matcher(expression);
    while (names.find()) {
      JsonNode value = values.get(names.group());
      if (value != null) named.set(names.group(), value);
    }
    return named.toString();
  }

  /**
   * The value {@code answer} gives, valid against {@code schema}: taken in code where the schema
   * allows it, else the whole answer for a plain string; empty when none is valid.
   */
  static Optional<JsonNode> valueOf(String schema, String answer) {
    Optional<JsonNode> taken = AskSchema.takeInCode(schema, answer);
    JsonNode tree = JsonText.tree(schema);
    if (taken.isEmpty() && "string".equals(tree.path("type").asText()) && !tree.has("enum") && !tree.has("pattern")) {
      taken = Optional.of(JsonNodeFactory.instance.textNode(answer.strip()));
    }
    return taken.filter(value -> AskSchema.problems(schema, value).isEmpty());
  }
}
