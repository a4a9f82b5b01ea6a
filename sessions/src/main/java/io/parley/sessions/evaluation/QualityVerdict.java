package io.parley.sessions.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.prompt.QualityPrompts;

/**
 * The judge's score of a closed conversation ({@code QualityPrompts.SCHEMA}), read strictly: a
 * score that is not a whole number from 1 to 5, a tone not named there, a missing or extra field is
 * a broken answer (an error of the judge), never a score.
 */
record QualityVerdict(int score, boolean resolved, boolean grounded, String tone, String reason) {
  static QualityVerdict read(JsonNode answer) {
    StructuredModel.onlyFields(answer, "score", "resolved", "grounded", "tone", "reason");
    JsonNode score = answer.get("score");
    if (!score.isIntegralNumber() || score.asInt() < 1 || score.asInt() > 5) {
      throw new IllegalArgumentException("score is not a whole number from 1 to 5");
    }
    JsonNode tone = answer.get("tone");
    if (!tone.isTextual() || !QualityPrompts.TONES.contains(tone.asText())) {
      throw new IllegalArgumentException("tone is not one of " + QualityPrompts.TONES);
    }
    if (!answer.get("reason").isTextual()) throw new IllegalArgumentException("reason is not a text");
    return new QualityVerdict(score.asInt(), flag(answer, "resolved"), flag(answer, "grounded"), tone.asText(),
        answer.get("reason").asText());
  }

  private static boolean flag(JsonNode answer, String field) {
    JsonNode value = answer.get(field);
    if (!value.isBoolean()) throw new IllegalArgumentException(field + " is not true or false");
    return value.asBoolean();
  }
}
