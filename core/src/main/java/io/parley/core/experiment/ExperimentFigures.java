package io.parley.core.experiment;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * An experiment's figures per arm, each with its 95 % interval ({@link Confidence95}), and the
 * candidate's minus the live arm's: containment (of the closed conversations), the share handed
 * over, CSAT (of the rated ones), the judge's quality score (of the scored ones), and tokens and
 * cost per conversation.
 */
public record ExperimentFigures(ArmFigures live, ArmFigures candidate, Differences difference) {
  /** The rating scale's ends: a mean rating's interval stays between them. */
  private static final double RATING_LOWEST = 1;
  private static final double RATING_HIGHEST = 5;

  public record ArmFigures(int conversations, int closed, Optional<Estimate> containment, Optional<Estimate> handoffRate,
      Csat csat, Quality quality, Optional<Estimate> tokensPerConversation, Optional<Estimate> costPerConversationUsd) {}

  /** {@code count}: the rated conversations; {@code mean}: their mean rating. */
  public record Csat(long count, Optional<Estimate> mean) {}

  /** {@code scored}: the conversations the judge scored; {@code mean}: their mean score. */
  public record Quality(long scored, Optional<Estimate> mean) {}

  /** Each figure of the candidate minus the live arm's, with the interval of the difference. */
  public record Differences(Optional<Estimate> containment, Optional<Estimate> handoffRate, Optional<Estimate> csat,
      Optional<Estimate> qualityScore, Optional<Estimate> tokensPerConversation,
      Optional<Estimate> costPerConversationUsd) {}

  public static ExperimentFigures of(List<ConversationOutcome> live, List<ConversationOutcome> candidate) {
    Tally a = new Tally(live);
    Tally b = new Tally(candidate);
    return new ExperimentFigures(a.figures(), b.figures(), new Differences(
        Confidence95.proportionDifference(a.contained, a.closed, b.contained, b.closed),
        Confidence95.proportionDifference(a.handoffs, a.count, b.handoffs, b.count),
        Confidence95.boundedMeanDifference(a.ratings, b.ratings, RATING_LOWEST, RATING_HIGHEST),
        Confidence95.meanDifference(a.scores, b.scores),
        Confidence95.meanDifference(a.tokens, b.tokens),
        Confidence95.meanDifference(a.cost, b.cost)));
  }

  /** One arm's conversations, summed once. */
  private static final class Tally {
    final int count;
    final long closed;
    final long contained;
    final long handoffs;
    final Sample ratings = new Sample();
    final Sample scores = new Sample();
    final Sample tokens = new Sample();
    final Sample cost = new Sample();

    Tally(List<ConversationOutcome> outcomes) {
      count = outcomes.size();
      closed = counted(outcomes, ConversationOutcome::closed);
      contained = counted(outcomes, ConversationOutcome::contained);
      handoffs = counted(outcomes, ConversationOutcome::handoff);
      for (ConversationOutcome outcome : outcomes) {
        outcome.rating().ifPresent(ratings::add);
        outcome.qualityScore().ifPresent(scores::add);
        tokens.add(outcome.tokens());
        cost.add(outcome.costUsd());
      }
    }

    private static long counted(List<ConversationOutcome> outcomes, Function<ConversationOutcome, Boolean> test) {
      return outcomes.stream().filter(test::apply).count();
    }

    ArmFigures figures() {
      return new ArmFigures(count, Math.toIntExact(closed), Confidence95.proportion(contained, closed),
          Confidence95.proportion(handoffs, count), new Csat(ratings.count(), Confidence95.boundedMean(ratings, RATING_LOWEST, RATING_HIGHEST)),
          new Quality(scores.count(), Confidence95.mean(scores)), Confidence95.mean(tokens), Confidence95.mean(cost));
    }
  }
}
