package io.parley.sessions.evaluation;

import com.fasterxml.jackson.databind.JsonNode;

/** The replay judge's answer ({@code EvaluationPrompts.REPLAY_SCHEMA}): better, as good or worse, and why. */
record ReplayComparison(ReplayVerdict verdict, String reason) {
  static ReplayComparison read(JsonNode answer) {
    StructuredModel.onlyFields(answer, "verdict", "reason");
    JsonNode verdict = answer.get("verdict");
    JsonNode reason = answer.get("reason");
    if (!reason.isTextual()) throw new IllegalArgumentException("reason is not a text");
    if (!verdict.isTextual()) throw new IllegalArgumentException("verdict is not a text");
    ReplayVerdict told = ReplayVerdict.fromWireName(verdict.asText());
    if (told == ReplayVerdict.ERROR) throw new IllegalArgumentException("verdict is not better, as good or worse");
    return new ReplayComparison(told, reason.asText());
  }
}
