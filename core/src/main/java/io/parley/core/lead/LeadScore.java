package io.parley.core.lead;

import java.time.Instant;
import java.util.List;

/**
 * A session's lead score, 0 to 100, with each signal's contribution, as of the customer message
 * {@code afterSeq}. {@code qualified} turns true the first time the score reaches the tenant's
 * threshold and stays so: the tenant is told once.
 */
public record LeadScore(int score, List<LeadContribution> contributions, LeadEvidence evidence, long afterSeq,
    Instant at, boolean qualified) {
  public LeadScore {
    contributions = List.copyOf(contributions);
  }
}
