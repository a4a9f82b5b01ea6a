package io.parley.persistence.conversations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tenant's figures over a set of conversations (docs/analytics.md defines each): added one row at
 * a time, so a range is read once, in order, without holding its rows.
 */
public final class ConversationFigures {
  private int conversations;
  private long messages;
  private int closed;
  private int contained;
  private int handoffsAsked;
  private int handoffsTaken;
  private long handoffWaitMs;
  private final List<Long> firstResponses = new ArrayList<>();
  private final int[] ratings = new int[5];
  private long promptTokens;
  private long completionTokens;
  private double costUsd;
  private long voiceSeconds;
  private int qualifiedLeads;
  private int cachedAnswers;
  private long savedTokens;
  private double savedCostUsd;
  private final Map<String, Integer> languages = new TreeMap<>();

  public void add(ConversationRow row) {
    conversations++;
    messages += row.userMessages() + row.botMessages() + row.agentMessages();
    if (row.resolvedBy().isPresent()) {
      closed++;
      if (row.resolvedBy().get() == ResolvedBy.BOT) contained++;
    }
    if (row.handoffAskedAt().isPresent()) handoffsAsked++;
    if (row.handoffWaitMs().isPresent()) {
      handoffsTaken++;
      handoffWaitMs += row.handoffWaitMs().get();
    }
    row.firstResponseMs().ifPresent(firstResponses::add);
    row.rating().filter(r -> r >= 1 && r <= 5).ifPresent(r -> ratings[r - 1]++);
    promptTokens += row.promptTokens();
    completionTokens += row.completionTokens();
    costUsd += row.costUsd();
    voiceSeconds += row.voiceSeconds();
    if (row.leadQualified()) qualifiedLeads++;
    cachedAnswers += row.cachedAnswers();
    savedTokens += row.savedTokens();
    savedCostUsd += row.savedCostUsd();
    languages.merge(row.language().orElse(ConversationQuery.UNKNOWN_LANGUAGE), 1, Integer::sum);
  }

  /** The figures as the analytics API reports them. */
  public Summary summary() {
    List<Long> sorted = new ArrayList<>(firstResponses);
    Collections.sort(sorted);
    int rated = 0;
    long ratingSum = 0;
    for (int i = 0; i < ratings.length; i++) {
      rated += ratings[i];
      ratingSum += (long) ratings[i] * (i + 1);
    }
    return new Summary(conversations, messages, ratio(contained, closed), ratio(handoffsAsked, conversations),
        handoffsTaken == 0 ? Optional.empty() : Optional.of(handoffWaitMs / handoffsTaken),
        percentile(sorted, 50), percentile(sorted, 90),
        new Csat(rated == 0 ? Optional.empty() : Optional.of((double) ratingSum / rated),
            List.of(ratings[0], ratings[1], ratings[2], ratings[3], ratings[4]), ratio(rated, closed)),
        promptTokens, completionTokens, costUsd,
        conversations == 0 ? Optional.empty() : Optional.of(costUsd / conversations),
        voiceSeconds / 60.0, qualifiedLeads, new AnswerCache(cachedAnswers, savedTokens, savedCostUsd),
        Map.copyOf(languages));
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

  /** The nearest-rank percentile: the smallest value at least {@code p} percent of the values do not exceed. */
  static Optional<Long> percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) return Optional.empty();
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return Optional.of(sorted.get(Math.max(rank, 1) - 1));
  }
}
