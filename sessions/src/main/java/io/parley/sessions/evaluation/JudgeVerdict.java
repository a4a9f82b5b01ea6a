package io.parley.sessions.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.evaluation.Verdict;

/** The judge's answer ({@code EvaluationPrompts.JUDGE_SCHEMA}): pass or fail, and why. */
record JudgeVerdict(Verdict verdict, String reason) {
  static JudgeVerdict read(JsonNode answer) {
    StructuredModel.onlyFields(answer, "verdict", "reason");
    JsonNode verdict = answer.get("verdict");
    JsonNode reason = answer.get("reason");
    if (!reason.isTextual()) throw new IllegalArgumentException("reason is not a text");
    if (!verdict.isTextual()) throw new IllegalArgumentException("verdict is not a text");
    return switch (verdict.asText()) {
      case "pass" -> new JudgeVerdict(Verdict.PASS, reason.asText());
      case "fail" -> new JudgeVerdict(Verdict.FAIL, reason.asText());
      default -> throw new IllegalArgumentException("verdict is neither pass nor fail");
    };
  }
}
