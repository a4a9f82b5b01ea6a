package io.parley.core.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeadScoringTest {
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");
  private static final LeadSettings STANDARD = LeadSettings.standard(70);

  @Test
  void aSupportQuestionIsNoLead() {
    LeadScore score = LeadScoring.next(Optional.empty(), "Where is my parcel? It should have arrived.", 1, 1, AT, STANDARD);
    assertEquals(2, score.score(), "one message of five: a fifth of engagement's 10 points");
    assertEquals(List.of(LeadSignal.ENGAGEMENT), signals(score));
    assertFalse(score.qualified());
  }

  @Test
  void aBuyerMovesTheScoreSignalBySignalAndQualifiesOnce() {
    LeadScore first = LeadScoring.next(Optional.empty(), "Hi, what does the enterprise plan cost?", 1, 1, AT, STANDARD);
    assertEquals(35 + 2, first.score());
    LeadScore second = LeadScoring.next(Optional.of(first), "Our budget is about $5,000 a year.", 2, 3, AT, STANDARD);
    assertEquals(35 + 20 + 4, second.score());
    assertFalse(second.qualified());
    LeadScore third = LeadScoring.next(Optional.of(second),
        "We need it by the end of March, great. Write to ops@acme.example", 3, 5, AT, STANDARD);
    assertEquals(List.of(LeadSignal.PURCHASE_INTENT, LeadSignal.BUDGET, LeadSignal.TIMELINE, LeadSignal.CONTACT_DETAILS,
        LeadSignal.ENGAGEMENT, LeadSignal.SENTIMENT), signals(third));
    assertEquals(35 + 20 + 15 + 15 + 6 + 2, third.score());
    assertTrue(third.qualified());
    assertTrue(LeadScoring.newlyQualified(Optional.of(second), third));
    assertTrue(third.contributions().stream().noneMatch(c -> c.reason().contains("ops@acme.example")),
        "the explanation names no personal data");

    LeadScore fourth = LeadScoring.next(Optional.of(third), "ok", 4, 7, AT, STANDARD);
    assertTrue(fourth.qualified());
    assertFalse(LeadScoring.newlyQualified(Optional.of(third), fourth), "the tenant is told once");
  }

  @Test
  void negativeWordsTakePointsAwayAndTheScoreNeverGoesBelowZero() {
    LeadWeights sour = new LeadWeights(Map.of(LeadSignal.ENGAGEMENT, 0, LeadSignal.SENTIMENT, 30));
    LeadScore score = LeadScoring.next(Optional.empty(), "This is terrible, useless and frustrating.", 1, 1, AT,
        new LeadSettings(sour, 50));
    assertEquals(-30, score.contributions().stream().filter(c -> c.signal() == LeadSignal.SENTIMENT).findFirst()
        .orElseThrow().points());
    assertEquals(0, score.score());
  }

  @Test
  void onlyAScoreThatSaysSomethingNewIsAChange() {
    LeadScore score = LeadScoring.next(Optional.empty(), "price?", 1, 1, AT, STANDARD);
    for (int messages = 2; messages <= 5; messages++) {
      LeadScore next = LeadScoring.next(Optional.of(score), "price?", messages, messages * 2 - 1, AT, STANDARD);
      assertTrue(LeadScoring.changed(Optional.of(score), next), "engagement grows up to five messages");
      score = next;
    }
    LeadScore sixth = LeadScoring.next(Optional.of(score), "price?", 6, 11, AT, STANDARD);
    assertEquals(score.score(), sixth.score());
    assertFalse(LeadScoring.changed(Optional.of(score), sixth), "past five messages the same words change nothing");
    assertTrue(LeadScoring.changed(Optional.of(sixth), LeadScoring.next(Optional.of(sixth), "thanks", 7, 13, AT, STANDARD)));
  }

  @Test
  void weightsFromADocumentAreChecked() {
    assertEquals(List.of("budget: must be a whole number from 0 to 100", "mood: not a lead signal"),
        LeadWeights.problems(new java.util.TreeMap<>(Map.of("budget", 120, "mood", 5, "timeline", 10))));
  }

  private static List<LeadSignal> signals(LeadScore score) {
    return score.contributions().stream().map(LeadContribution::signal).toList();
  }
}
