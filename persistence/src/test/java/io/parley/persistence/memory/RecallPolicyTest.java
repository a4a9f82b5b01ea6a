package io.parley.persistence.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.memory.MemoryEntry;
import io.parley.core.memory.MemoryHit;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The selection rules on hand-made vectors: x is "about orders", y "about billing", z neither. */
class RecallPolicyTest {
  private static final float[] ORDERS = {1, 0, 0};
  private static final float[] BILLING = {0, 1, 0};
  private static final float[] OTHER = {0, 0, 1};
  private static final float[] MOSTLY_ORDERS = unit(0.8f, 0.6f, 0);

  private final RecallPolicy policy = RecallPolicy.DEFAULT;

  @Test
  void theNewerSessionsValueOfASingleValuedKindSupersedesTheOlder() {
    StoredMemory oldEmail = fact("s1", 1, "email", "email: old@example.com", OTHER);
    StoredMemory newEmail = fact("s2", 1, "email", "email: new@example.com", OTHER);
    StoredMemory laterInOldSession = fact("s1", 2, "email", "email: other@example.com", OTHER);

    assertEquals(List.of(newEmail), policy.current(List.of(oldEmail, newEmail, laterInOldSession)));
    assertEquals(List.of(laterInOldSession), policy.current(List.of(oldEmail, laterInOldSession)));
  }

  @Test
  void otherKindsAccumulateAndARepeatKeepsItsNewestCopy() {
    StoredMemory order1042 = fact("s1", 1, "order_number", "order_number: 1042", ORDERS);
    StoredMemory order1043 = fact("s2", 1, "order_number", "order_number: 1043", ORDERS);
    StoredMemory order1042Again = fact("s3", 1, "order_number", "order_number: 1042", ORDERS);

    assertEquals(List.of(order1043, order1042Again), policy.current(List.of(order1042, order1043, order1042Again)));
  }

  @Test
  void identityFactsAndTheLastEpisodeAreReservedEvenWhenUnlikeTheQuery() {
    StoredMemory name = fact("s1", 1, "customer_name", "customer_name: Ana", OTHER);
    StoredMemory lastEpisode = episode("s3", BILLING);
    StoredMemory orderEpisode = episode("s1", ORDERS);
    StoredMemory billingAgain = episode("s2", BILLING);

    List<MemoryHit> hits = policy.select(List.of(name, lastEpisode, orderEpisode, billingAgain), ORDERS, 4);

    // 2 reserved (name, the last episode), then the one similar enough; best first, then newest first.
    assertEquals(List.of(orderEpisode.entry(), lastEpisode.entry(), name.entry()), entries(hits));
    assertEquals(List.of(1.0, 0.0, 0.0), hits.stream().map(MemoryHit::score).collect(Collectors.toList()));
  }

  @Test
  void fewFactsAllComeBackButNeverPastHalfTheLimit() {
    StoredMemory name = fact("s1", 1, "customer_name", "customer_name: Ana", OTHER);
    StoredMemory email = fact("s1", 2, "email", "email: ana@example.com", OTHER);
    StoredMemory ticket = fact("s1", 3, "ticket_number", "ticket_number: T-7", OTHER);
    StoredMemory episode = episode("s1", MOSTLY_ORDERS);
    List<StoredMemory> all = List.of(name, email, ticket, episode);

    assertEquals(List.of(episode.entry(), ticket.entry(), email.entry(), name.entry()),
        entries(policy.select(all, ORDERS, 8)));
    assertEquals(List.of(episode.entry(), name.entry()), entries(policy.select(all, ORDERS, 3)));
    assertEquals(List.of(episode.entry()), entries(policy.select(all, ORDERS, 1)));
    assertEquals(List.of(), policy.select(all, ORDERS, 0));
  }

  @Test
  void withoutAQueryOnlyTheReservedContextComesBack() {
    StoredMemory name = fact("s2", 1, "customer_name", "customer_name: Ana", OTHER);
    StoredMemory older = episode("s1", ORDERS);
    StoredMemory newer = episode("s2", BILLING);

    assertEquals(List.of(newer.entry(), name.entry()), entries(policy.select(List.of(name, older, newer), null, 10)));
  }

  @Test
  void aMemoryBelowTheMinimumScoreIsLeftOut() {
    StoredMemory orders = episode("s1", ORDERS);
    StoredMemory billing = episode("s2", BILLING);
    StoredMemory latest = episode("s3", OTHER);

    List<MemoryHit> hits = policy.select(List.of(orders, billing, latest), ORDERS, 2);

    assertEquals(List.of(orders.entry(), latest.entry()), entries(hits));
  }

  private static List<MemoryEntry> entries(List<MemoryHit> hits) {
    return hits.stream().map(MemoryHit::entry).collect(Collectors.toList());
  }

  /** Session sN closed on day N; its facts were pinned during that day, the later ordinal later. */
  private static StoredMemory fact(String session, int ordinal, String kind, String text, float[] vector) {
    Instant closed = closedAt(session);
    return new StoredMemory(new MemoryEntry(MemoryEntry.SEMANTIC, kind, text, session, closed.minusSeconds(600 - ordinal), ordinal),
        closed, ordinal, vector);
  }

  private static StoredMemory episode(String session, float[] vector) {
    Instant closed = closedAt(session);
    return new StoredMemory(new MemoryEntry(MemoryEntry.EPISODIC, "episode", "summary of " + session, session, closed, 0),
        closed, 0, vector);
  }

  private static Instant closedAt(String session) {
    return Instant.parse("2026-10-01T12:00:00Z").plusSeconds(86_400L * Integer.parseInt(session.substring(1)));
  }

  private static float[] unit(float x, float y, float z) {
    float norm = (float) Math.sqrt(x * x + y * y + z * z);
    return new float[] {x / norm, y / norm, z / norm};
  }
}
