package io.parley.persistence.conversations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tenant's figures over a set of conversations (docs/analytics.md defines each): added one row at
 * a time, or a rollup's hour at a time, so a range is read once, in order, without holding its
 * rows. The first-response percentiles come from {@link FirstResponseBuckets}' histogram, for rows
 * and rollups alike.
 */
public final class ConversationFigures {
  private RollupCounts counts = RollupCounts.NONE;
  private final Map<String, Integer> languages = new TreeMap<>();

  public void add(ConversationRow row) {
    counts = counts.plus(RollupCounts.of(row));
    languages.merge(row.language().orElse(ConversationQuery.UNKNOWN_LANGUAGE), 1, Integer::sum);
  }

  /** Adds a whole hour's conversations, as the rollups sum them. */
  void add(ConversationRollup.Hour hour) {
    counts = counts.plus(hour.counts());
    hour.languages().forEach((language, conversations) -> languages.merge(language, conversations, Integer::sum));
  }

  /** Adds the conversations {@code other} holds. */
  public void add(ConversationFigures other) {
    counts = counts.plus(other.counts);
    other.languages.forEach((language, conversations) -> languages.merge(language, conversations, Integer::sum));
  }

  /** The figures as the analytics API reports them. */
  public Summary summary() {
    int conversations = whole(RollupCounts.Count.CONVERSATIONS);
    int closed = whole(RollupCounts.Count.CLOSED);
    long handoffsTaken = counts.count(RollupCounts.Count.HANDOFFS_TAKEN);
    List<Integer> ratings = new ArrayList<>();
    int rated = 0;
    long ratingSum = 0;
    for (int score = 1; score <= 5; score++) {
      int times = whole(RollupCounts.Count.values()[RollupCounts.Count.RATED_1.ordinal() + score - 1]);
      ratings.add(times);
      rated += times;
      ratingSum += (long) times * score;
    }
    long[] firstResponses = counts.firstResponses();
    double costUsd = counts.costUsd();
    return new Summary(conversations,
        counts.count(RollupCounts.Count.USER_MESSAGES) + counts.count(RollupCounts.Count.BOT_MESSAGES)
            + counts.count(RollupCounts.Count.AGENT_MESSAGES),
        ratio(whole(RollupCounts.Count.CONTAINED), closed), ratio(whole(RollupCounts.Count.HANDOFFS_ASKED), conversations),
        handoffsTaken == 0 ? Optional.empty()
            : Optional.of(counts.count(RollupCounts.Count.HANDOFF_WAIT_MS) / handoffsTaken),
        FirstResponseBuckets.percentile(firstResponses, 50), FirstResponseBuckets.percentile(firstResponses, 90),
        new Csat(rated == 0 ? Optional.empty() : Optional.of((double) ratingSum / rated), List.copyOf(ratings),
            ratio(rated, closed)),
        counts.count(RollupCounts.Count.PROMPT_TOKENS), counts.count(RollupCounts.Count.COMPLETION_TOKENS), costUsd,
        conversations == 0 ? Optional.empty() : Optional.of(costUsd / conversations),
        counts.count(RollupCounts.Count.VOICE_SECONDS) / 60.0, whole(RollupCounts.Count.QUALIFIED_LEADS),
        new AnswerCache(whole(RollupCounts.Count.CACHED_ANSWERS), counts.count(RollupCounts.Count.SAVED_TOKENS),
            counts.savedCostUsd()),
        Map.copyOf(languages));
  }

  private int whole(RollupCounts.Count count) {
    return Math.toIntExact(counts.count(count));
  }

  public record Summary(int conversations, long messages, Optional<Double> containment, Optional<Double> handoffRate,
      Optional<Long> averageHandoffWaitMs, Optional<Long> medianFirstResponseMs, Optional<Long> p90FirstResponseMs,
      Csat csat, long promptTokens, long completionTokens, double estimatedCostUsd,
      Optional<Double> estimatedCostPerConversationUsd, double voiceMinutes, int qualifiedLeads,
      AnswerCache answerCache, Map<String, Integer> languages) {
    public Summary {
      languages = Collections.unmodifiableMap(new TreeMap<>(languages));
    }
  }

  /** Answers the answer cache served, and the tokens (and their estimated cost) the model would have spent on them. */
  public record AnswerCache(int answers, long savedTokens, double estimatedSavedCostUsd) {}

  /** Ratings 1 to 5: their average, how many of each, and the share of closed conversations rated. */
  public record Csat(Optional<Double> average, List<Integer> distribution, Optional<Double> responseRate) {}

  private static Optional<Double> ratio(int part, int whole) {
    return whole == 0 ? Optional.empty() : Optional.of((double) part / whole);
  }
}
