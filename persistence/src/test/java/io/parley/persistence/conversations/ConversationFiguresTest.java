package io.parley.persistence.conversations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The analytics figures of known rows, as docs/analytics.md defines them. */
class ConversationFiguresTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @Test
  void figuresOfTenConversations() {
    ConversationFigures figures = new ConversationFigures();
    for (int i = 1; i <= 10; i++) {
      Optional<ResolvedBy> resolved = i <= 6 ? Optional.of(ResolvedBy.BOT) : i <= 8 ? Optional.of(ResolvedBy.AGENT)
          : i == 9 ? Optional.of(ResolvedBy.ABANDONED) : Optional.empty();
      boolean handedOff = i == 7 || i == 8 || i == 9;
      Optional<Long> waited = i == 7 ? Optional.of(10_000L) : i == 8 ? Optional.of(30_000L) : Optional.empty();
      figures.add(row(resolved, handedOff, waited, Optional.of(i * 100L), i <= 4 ? Optional.of(i) : Optional.empty(),
          i == 3, i == 10 ? 90 : 0));
    }
    ConversationFigures.Summary summary = figures.summary();
    assertEquals(10, summary.conversations());
    assertEquals(10 * 5, summary.messages());
    assertEquals(Optional.of(6 / 9.0), summary.containment(), "bot-resolved of the nine closed");
    assertEquals(Optional.of(0.3), summary.handoffRate());
    assertEquals(Optional.of(20_000L), summary.averageHandoffWaitMs());
    assertEquals(Optional.of(566L), summary.medianFirstResponseMs(),
        "nearest rank, the 5th of 10 (500 ms): the upper bound of its bucket, 476 to 566 ms");
    assertEquals(Optional.of(951L), summary.p90FirstResponseMs(),
        "nearest rank, the 9th of 10 (900 ms): the upper bound of its bucket, 800 to 951 ms");
    assertEquals(Optional.of(2.5), summary.csat().average());
    assertEquals(List.of(1, 1, 1, 1, 0), summary.csat().distribution());
    assertEquals(Optional.of(4 / 9.0), summary.csat().responseRate());
    assertEquals(10 * 1000, summary.promptTokens());
    assertEquals(10 * 0.01, summary.estimatedCostUsd(), 1e-12);
    assertEquals(0.01, summary.estimatedCostPerConversationUsd().orElseThrow(), 1e-12);
    assertEquals(1.5, summary.voiceMinutes());
    assertEquals(1, summary.qualifiedLeads());
  }

  @Test
  void cachedAnswersAndTheirSavingsAddUpAndLanguagesAreCountedWithUnknownForNone() {
    ConversationFigures figures = new ConversationFigures();
    figures.add(cached(row(Optional.of(ResolvedBy.BOT), false, Optional.empty(), Optional.empty(), Optional.empty(),
        false, 0), Optional.of("de"), 2, 900, 0.0009));
    figures.add(cached(row(Optional.of(ResolvedBy.BOT), false, Optional.empty(), Optional.empty(), Optional.empty(),
        false, 0), Optional.of("de"), 1, 100, 0.0001));
    figures.add(row(Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(), false, 0));
    ConversationFigures.Summary summary = figures.summary();
    assertEquals(3, summary.answerCache().answers());
    assertEquals(1_000, summary.answerCache().savedTokens());
    assertEquals(0.001, summary.answerCache().estimatedSavedCostUsd(), 1e-12);
    assertEquals(Map.of("de", 2, "unknown", 1), summary.languages());
  }

  @Test
  void noConversationsHaveNoRatiosOrTimes() {
    ConversationFigures.Summary summary = new ConversationFigures().summary();
    assertEquals(0, summary.conversations());
    assertEquals(Optional.empty(), summary.containment());
    assertEquals(Optional.empty(), summary.medianFirstResponseMs());
    assertEquals(Optional.empty(), summary.csat().average());
    assertEquals(Optional.empty(), summary.estimatedCostPerConversationUsd());
  }

  private static ConversationRow cached(ConversationRow row, Optional<String> language, int answers, long tokens,
      double costUsd) {
    return new ConversationRow(row.tenant(), row.sessionId(), row.userId(), row.channel(), row.startedAt(),
        row.lastEventAt(), row.closedAt(), row.status(), row.resolvedBy(), row.handoffAskedAt(), row.handoffTakenAt(),
        row.handoffWaitMs(), row.userMessages(), row.botMessages(), row.agentMessages(), row.notices(),
        row.unansweredSince(), row.firstResponseMs(), row.answerMsTotal(), row.answers(), row.promptTokens(),
        row.completionTokens(), row.pricedProvider(), row.costUsd(), row.leadScore(), row.leadQualified(), row.rating(),
        language, row.voiceSeconds(), answers, tokens, costUsd, row.tags(), false, Optional.empty());
  }

  private static ConversationRow row(Optional<ResolvedBy> resolved, boolean handedOff, Optional<Long> waited,
      Optional<Long> firstResponse, Optional<Integer> rating, boolean qualified, long voiceSeconds) {
    return new ConversationRow("acme", "s", Optional.empty(), "chat", T0, T0,
        resolved.map(r -> T0.plusSeconds(60)), resolved.isPresent() ? ConversationStatus.CLOSED : ConversationStatus.OPEN,
        resolved, handedOff ? Optional.of(T0) : Optional.empty(), waited.map(T0::plusMillis), waited, 2, 2, 1, 0,
        Optional.empty(), firstResponse, 0, 0, 1000, 100, Optional.of("primary"), 0.01, Optional.empty(), qualified,
        rating, Optional.empty(), voiceSeconds, 0, 0, 0, List.of(), false, Optional.empty());
  }
}
