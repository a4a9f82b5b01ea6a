package io.parley.core.lead;

import java.util.List;

/**
 * What a conversation's customer messages have shown so far: the signals met at least once and the
 * count of positive and negative words. Grows one message at a time, so a score never reads the
 * whole transcript again.
 */
public record LeadEvidence(List<LeadSignal> seen, int positiveWords, int negativeWords) {
  public LeadEvidence {
    // Each signal once, in the signals' order: the persisted form is the same on every JVM.
    seen = seen.stream().distinct().sorted().toList();
  }

  public static LeadEvidence none() {
    return new LeadEvidence(List.of(), 0, 0);
  }

  /** Positive less negative words. */
  public int sentimentBalance() {
    return positiveWords - negativeWords;
  }
}
