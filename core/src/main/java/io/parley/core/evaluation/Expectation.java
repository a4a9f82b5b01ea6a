package io.parley.core.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.session.AnswerSource;
import java.util.Optional;

/**
 * What a test case expects of the bot's conversation (docs/evaluations.md#expectations): each is
 * checked by code against what the run observed, but {@link Judge}, which a model judges.
 */
public sealed interface Expectation {
  /** The name of the expectation in a case document and in verdicts. */
  default String kind() {
    return switch (this) {
      case Contains _ -> "contains";
      case NotContains _ -> "notContains";
      case ToolCalled _ -> "toolCalled";
      case NoToolCalled _ -> "noToolCalled";
      case Handoff _ -> "handoff";
      case NoPersonalDataToModel _ -> "noPersonalDataToModel";
      case FromSource _ -> "answerSource";
      case MaxTokens _ -> "maxTokens";
      case ProcedureCompleted _ -> "procedure";
      case ProcedureStepWent _ -> "procedureStep";
      case Judge _ -> "judge";
    };
  }

  /** Some answer of the bot holds the text or matches the pattern. */
  record Contains(TextMatch match) implements Expectation {}

  /** No answer of the bot holds the text or matches the pattern. */
  record NotContains(TextMatch match) implements Expectation {}

  /** The model called tool {@code name}, with {@code arguments} among its arguments when given. */
  record ToolCalled(String name, Optional<JsonNode> arguments) implements Expectation {}

  /** The model called no tool named {@code name}; no tool at all when none is named. */
  record NoToolCalled(Optional<String> name) implements Expectation {}

  /** A person was asked for ({@code true}), or the bot kept the conversation ({@code false}). */
  record Handoff(boolean expected) implements Expectation {}

  /** None of the case's marked personal data was left in what the model was given. */
  record NoPersonalDataToModel() implements Expectation {}

  /** Every answer of the bot came from {@code source}. */
  record FromSource(AnswerSource source) implements Expectation {}

  /** The conversation used at most {@code tokens} tokens of the model (prompt and completion). */
  record MaxTokens(long tokens) implements Expectation {}

  /** The procedure {@code name} ran and completed ({@code completed}), or ran and did not complete (handed over). */
  record ProcedureCompleted(String name, boolean completed) implements Expectation {}

  /** In a run of the procedure {@code name}, its step {@code step} ({@code steps[1]}) went as {@code outcome}. */
  record ProcedureStepWent(String name, String step, String outcome) implements Expectation {}

  /** A criterion in plain words, judged by a model reading the transcript. */
  record Judge(String criterion) implements Expectation {}
}
