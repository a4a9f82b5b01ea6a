package io.parley.sessions.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.core.evaluation.Verdict;
import java.util.function.Function;

/**
 * A judge's answer: its {@code verdict} and the {@code reason} for it, the answer's only fields,
 * both texts. The criterion's judge ({@code EvaluationPrompts.JUDGE_SCHEMA}) says pass or fail; the
 * replay's ({@code REPLAY_SCHEMA}) better, as good or worse.
 */
record Judged<V>(V verdict, String reason) {
  static Judged<Verdict> passOrFail(JsonNode answer) {
    return read(answer, verdict -> switch (verdict) {
      case "pass" -> Verdict.PASS;
      case "fail" -> Verdict.FAIL;
      default -> throw new IllegalArgumentException("verdict is neither pass nor fail");
    });
  }

  static Judged<ReplayVerdict> comparison(JsonNode answer) {
    return read(answer, verdict -> {
      ReplayVerdict told = ReplayVerdict.fromWireName(verdict);
      if (told == ReplayVerdict.ERROR) throw new IllegalArgumentException("verdict is not better, as good or worse");
      return told;
    });
  }

  /** {@code verdicts} throws an {@code IllegalArgumentException} for a verdict the schema does not allow. */
  private static <V> Judged<V> read(JsonNode answer, Function<String, V> verdicts) {
    StructuredModel.onlyFields(answer, "verdict", "reason");
    JsonNode verdict = answer.get("verdict");
    JsonNode reason = answer.get("reason");
    if (!reason.isTextual()) throw new IllegalArgumentException("reason is not a text");
    if (!verdict.isTextual()) throw new IllegalArgumentException("verdict is not a text");
    return new Judged<>(verdicts.apply(verdict.asText()), reason.asText());
  }
}
