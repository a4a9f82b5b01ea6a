package io.parley.core.lead;

/** How a tenant scores leads: the signals' weights and the score at which a lead is qualified. */
public record LeadSettings(LeadWeights weights, int threshold) {
  public static final int DEFAULT_THRESHOLD = 70;

  public LeadSettings {
    if (threshold < 1 || threshold > LeadWeights.MAX_POINTS) {
      throw new IllegalArgumentException("a lead threshold is from 1 to 100, got " + threshold);
    }
  }

  public static LeadSettings standard(int threshold) {
    return new LeadSettings(LeadWeights.standard(), threshold);
  }
}
