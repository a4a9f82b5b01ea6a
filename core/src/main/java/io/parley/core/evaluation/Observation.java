package io.parley.core.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.session.AnswerSource;
import java.util.List;

/**
 * What a run saw of a case's conversation: the bot's answers (the greeting left out) with their
 * sources, the tools the model called, whether a person was asked for, the tokens the model used,
 * {@code modelInput}: the conversation's texts as the model was given them (after redaction), and
 * the {@code procedures} the conversation ran (docs/procedures.md).
 */
public record Observation(List<Answer> answers, List<ToolUse> toolCalls, boolean handoff, long tokens,
    List<String> modelInput, List<ProcedureRan> procedures) {
  public Observation {
    procedures = List.copyOf(procedures);
    answers = List.copyOf(answers);
    toolCalls = List.copyOf(toolCalls);
    modelInput = List.copyOf(modelInput);
  }

  /** A conversation that ran no procedure. */
  public Observation(List<Answer> answers, List<ToolUse> toolCalls, boolean handoff, long tokens, List<String> modelInput) {
    this(answers, toolCalls, handoff, tokens, modelInput, List.of());
  }

  public record Answer(String text, AnswerSource source) {}

  /**
   * A procedure's run: its name, whether it {@code completed} (not handed over), and each step that
   * happened, as {@code refund.steps[1]} with its outcome ({@link StepWent}).
   */
  public record ProcedureRan(String name, boolean completed, List<StepWent> steps) {
    public ProcedureRan {
      steps = List.copyOf(steps);
    }
  }

  /** A step of a run and how it went: {@code held} or {@code not held} for a check, {@code asked}, else {@code done}. */
  public record StepWent(String step, String outcome) {}

  /** A call the model made: the tool's name and its arguments (an object; empty when they were not JSON). */
  public record ToolUse(String name, JsonNode arguments) {}
}
