package io.parley.core.bot;

/**
 * What a draft's latest evaluation run must show before it is published
 * (docs/evaluations.md#publish-gate): at least {@code minPassRate} of its cases passed (0 to 1),
 * and no case that passes on the live version fails on the draft.
 */
public record EvaluationGate(double minPassRate) {
  public EvaluationGate {
    if (!(minPassRate >= 0 && minPassRate <= 1)) throw new IllegalArgumentException("minPassRate must be from 0 to 1");
  }
}
