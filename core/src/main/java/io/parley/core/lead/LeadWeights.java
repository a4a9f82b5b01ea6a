package io.parley.core.lead;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The points each signal can give a lead (sentiment can also take as many away). The defaults
 * add up to 100, so a customer showing every signal scores 100; a tenant that weighs them
 * otherwise has its score capped at 100.
 */
public record LeadWeights(Map<LeadSignal, Integer> points) {
  public static final int MAX_POINTS = 100;

  public LeadWeights {
    EnumMap<LeadSignal, Integer> complete = new EnumMap<>(defaults());
    complete.putAll(points);
    points = Map.copyOf(complete);
  }

  public static LeadWeights standard() {
    return new LeadWeights(Map.of());
  }

  private static Map<LeadSignal, Integer> defaults() {
    return Map.of(LeadSignal.PURCHASE_INTENT, 35, LeadSignal.BUDGET, 20, LeadSignal.TIMELINE, 15,
        LeadSignal.CONTACT_DETAILS, 15, LeadSignal.ENGAGEMENT, 10, LeadSignal.SENTIMENT, 5);
  }

  public int of(LeadSignal signal) {
    return points.get(signal);
  }

  /** The problems of weights read from a tenant's document, as {@code "signal: problem"}; empty when valid. */
  public static List<String> problems(Map<String, Integer> byWireName) {
    List<String> problems = new ArrayList<>();
    byWireName.forEach((name, value) -> {
      boolean known = Arrays.stream(LeadSignal.values()).anyMatch(s -> s.wireName().equals(name));
      if (!known) problems.add(name + ": not a lead signal");
      else if (value == null || value < 0 || value > MAX_POINTS) problems.add(name + ": must be a whole number from 0 to " + MAX_POINTS);
    });
    return problems;
  }
}
