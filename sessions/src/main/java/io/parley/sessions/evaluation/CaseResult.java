package io.parley.sessions.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.evaluation.ExpectationResult;
import io.parley.core.evaluation.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * One case of a run (docs/evaluations.md#runs): its verdict and each expectation's, the reason of
 * an {@code error}, the session it ran as, its transcript and the tools the model called, whether
 * a person was asked for, the tokens the bot's turns used ({@code tokens}) and those the judge and
 * the simulated customer used ({@code evaluationTokens}), and how long it took.
 */
record CaseResult(String caseId, String name, Verdict verdict, Optional<String> error,
    List<ExpectationResult> expectations, Optional<String> sessionId, List<Line> transcript, List<ToolCall> toolCalls,
    boolean handoff, long tokens, long evaluationTokens, long millis) {
  public CaseResult {
    error = error == null ? Optional.empty() : error;
    sessionId = sessionId == null ? Optional.empty() : sessionId;
    expectations = expectations == null ? List.of() : List.copyOf(expectations);
    transcript = transcript == null ? List.of() : List.copyOf(transcript);
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }

  /** A message of the conversation: who wrote it ({@code user}, {@code assistant}, ...) and, for the bot's, where it came from. */
  public record Line(String role, String text, Optional<String> source) {}

  public record ToolCall(String name, JsonNode arguments) {}

  public boolean passed() {
    return verdict == Verdict.PASS;
  }
}
