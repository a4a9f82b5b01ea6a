package io.parley.persistence.conversations;

import static io.parley.persistence.conversations.RollupCounts.Count.AGENT_MESSAGES;
import static io.parley.persistence.conversations.RollupCounts.Count.BOT_MESSAGES;
import static io.parley.persistence.conversations.RollupCounts.Count.CACHED_ANSWERS;
import static io.parley.persistence.conversations.RollupCounts.Count.CLOSED;
import static io.parley.persistence.conversations.RollupCounts.Count.COMPLETION_TOKENS;
import static io.parley.persistence.conversations.RollupCounts.Count.CONTAINED;
import static io.parley.persistence.conversations.RollupCounts.Count.CONVERSATIONS;
import static io.parley.persistence.conversations.RollupCounts.Count.FIRST_RESPONSES;
import static io.parley.persistence.conversations.RollupCounts.Count.HANDOFFS_ASKED;
import static io.parley.persistence.conversations.RollupCounts.Count.HANDOFFS_TAKEN;
import static io.parley.persistence.conversations.RollupCounts.Count.PROMPT_TOKENS;
import static io.parley.persistence.conversations.RollupCounts.Count.QUALIFIED_LEADS;
import static io.parley.persistence.conversations.RollupCounts.Count.RATED_4;
import static io.parley.persistence.conversations.RollupCounts.Count.RATED_5;
import static io.parley.persistence.conversations.RollupCounts.Count.SAVED_TOKENS;
import static io.parley.persistence.conversations.RollupCounts.Count.USER_MESSAGES;
import static io.parley.persistence.conversations.RollupCounts.Count.VOICE_SECONDS;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.persistence.conversations.RollupCounts.Count;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** A conversation's share of its rollup, and what a change of its row adds to the rollups. */
class RollupChangesTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:17:00Z");
  private static final RollupKey HOUR = new RollupKey("acme", Instant.parse("2026-03-02T10:00:00Z"), "chat", "");

  @Test
  void aRowsShareCountsEachOfItsFigures() {
    RollupCounts share = RollupCounts.of(row(Optional.of(ResolvedBy.BOT), Optional.of(2_000L), Optional.of(4),
        Optional.empty()));
    Map<Count, Long> figures = Map.ofEntries(entry(CONVERSATIONS, 1L), entry(CLOSED, 1L), entry(CONTAINED, 1L),
        entry(HANDOFFS_ASKED, 1L), entry(HANDOFFS_TAKEN, 0L) /* asked, never taken */,
        entry(USER_MESSAGES, 3L), entry(BOT_MESSAGES, 2L), entry(AGENT_MESSAGES, 1L), entry(RATED_4, 1L), entry(RATED_5, 0L),
        entry(PROMPT_TOKENS, 1000L), entry(COMPLETION_TOKENS, 100L), entry(CACHED_ANSWERS, 2L), entry(SAVED_TOKENS, 300L),
        entry(VOICE_SECONDS, 90L), entry(QUALIFIED_LEADS, 1L), entry(FIRST_RESPONSES, 1L));
    figures.forEach((count, expected) -> assertEquals(expected, share.count(count), count.name()));
    long[] histogram = share.firstResponses();
    assertEquals(1, histogram[FirstResponseBuckets.of(2_000)]);
    assertEquals(1, java.util.Arrays.stream(histogram).sum());
    assertEquals(0.01, share.costUsd());
    assertEquals(0.003, share.savedCostUsd());
    assertEquals(RollupCounts.NONE, share.minus(share));
  }

  @Test
  void aChangeAddsTheNewShareMinusTheOldToTheRollupsOfBoth() {
    ConversationRow open = row(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    ConversationRow closed = row(Optional.of(ResolvedBy.AGENT), Optional.of(700L), Optional.of(5), Optional.empty());
    RollupChanges changes = new RollupChanges();
    changes.replaced(Optional.empty(), Optional.of(open));
    changes.replaced(Optional.of(open), Optional.of(closed));
    assertEquals(Map.of(HOUR, RollupCounts.of(closed)), changes.pending(), "new, then changed: the last row's share");

    ConversationRow german = row(Optional.of(ResolvedBy.AGENT), Optional.of(700L), Optional.of(5), Optional.of("de"));
    RollupChanges moved = new RollupChanges();
    moved.replaced(Optional.of(closed), Optional.of(german));
    SortedMap<RollupKey, RollupCounts> pending = moved.pending();
    RollupKey germanHour = new RollupKey("acme", HOUR.hour(), "chat", "de");
    assertEquals(List.of(HOUR, germanHour), List.copyOf(pending.keySet()), "in key order");
    assertEquals(RollupCounts.NONE.minus(RollupCounts.of(closed)), pending.get(HOUR));
    assertEquals(RollupCounts.of(german), pending.get(germanHour));

    RollupChanges unchanged = new RollupChanges();
    unchanged.replaced(Optional.of(closed), Optional.of(closed.withTags(List.of("vip"))));
    assertTrue(unchanged.pending().isEmpty(), "a change that moves no figure touches no rollup row");

    RollupChanges deleted = new RollupChanges();
    deleted.replaced(Optional.of(german), Optional.empty());
    assertEquals(Map.of(germanHour, RollupCounts.NONE.minus(RollupCounts.of(german))), deleted.pending());
  }

  private static ConversationRow row(Optional<ResolvedBy> resolved, Optional<Long> firstResponse,
      Optional<Integer> rating, Optional<String> language) {
    return new ConversationRow("acme", "s1", Optional.empty(), "chat", T0, T0, resolved.map(by -> T0.plusSeconds(60)),
        resolved.isPresent() ? ConversationStatus.CLOSED : ConversationStatus.OPEN, resolved, Optional.of(T0),
        Optional.empty(), Optional.empty(), 3, 2, 1, 4, Optional.empty(), firstResponse, 0, 0, 1000, 100,
        Optional.of("primary"), 0.01, Optional.of(80), true, rating, language, 90, 2, 300, 0.003, List.of(), false,
        Optional.empty());
  }
}
