package io.parley.core.lead;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a conversation's customer messages have shown so far: the signals met at least once and the
 * count of positive and negative words. Grows one message at a time, so a score never reads the
 * whole transcript again.
 */
public record LeadEvidence(Set<LeadSignal> seen, int positiveWords, int negativeWords) {
  public LeadEvidence {
    // In the signals' order, so the persisted form does not change from one JVM to the next.
    seen = seen.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(seen));
  }

  public static LeadEvidence none() {
    return new LeadEvidence(Set.of(), 0, 0);
  }

  /** Positive less negative words. */
  public int sentimentBalance() {
    return positiveWords - negativeWords;
  }
}
