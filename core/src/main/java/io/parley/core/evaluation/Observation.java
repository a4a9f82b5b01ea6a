package io.parley.core.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.session.AnswerSource;
import java.util.List;

/**
 * What a run saw of a case's conversation: the bot's answers (the greeting left out) with their
 * sources, the tools the model called, whether a person was asked for, the tokens the model used,
 * and {@code modelInput}: the conversation's texts as the model was given them (after redaction).
 */
public record Observation(List<Answer> answers, List<ToolUse> toolCalls, boolean handoff, long tokens,
    List<String> modelInput) {
  public Observation {
    answers = List.copyOf(answers);
    toolCalls = List.copyOf(toolCalls);
    modelInput = List.copyOf(modelInput);
  }

  public record Answer(String text, AnswerSource source) {}

  /** A call the model made: the tool's name and its arguments (an object; empty when they were not JSON). */
  public record ToolUse(String name, JsonNode arguments) {}
}
