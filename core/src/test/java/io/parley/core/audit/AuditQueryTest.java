package io.parley.core.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class AuditQueryTest {
  @Test
  void theDefaultsAreTheNewestFiftyEntriesOfEveryAction() {
    AuditQuery query = AuditQuery.parse("acme", Optional.empty(), Optional.empty(), Optional.empty());
    assertEquals(new AuditQuery("acme", Optional.empty(), Optional.empty(), AuditQuery.DEFAULT_LIMIT), query);
  }

  @Test
  void aPageWithMoreBehindItGivesTheCursorOfItsLastEntry() {
    List<AuditRecord> fetched = LongStream.of(9, 8, 7).mapToObj(AuditQueryTest::record).toList();
    AuditPage page = AuditPage.of(fetched, 2);
    assertEquals(List.of(9L, 8L), page.entries().stream().map(AuditRecord::id).toList());
    AuditQuery next = AuditQuery.parse("acme", Optional.of("2"), page.next(), Optional.of("agent.take"));
    assertEquals(Optional.of(8L), next.beforeId(), "the next page starts below the last entry shown");
    assertEquals(Optional.of("agent.take"), next.action());

    AuditPage last = AuditPage.of(fetched, 3);
    assertEquals(3, last.entries().size());
    assertEquals(Optional.empty(), last.next());
  }

  @Test
  void badParametersSayWhatIsWrong() {
    assertMessage("limit", () -> AuditQuery.parse("acme", Optional.of("0"), Optional.empty(), Optional.empty()));
    assertMessage("limit", () -> AuditQuery.parse("acme", Optional.of("501"), Optional.empty(), Optional.empty()));
    assertMessage("limit", () -> AuditQuery.parse("acme", Optional.of("ten"), Optional.empty(), Optional.empty()));
    assertMessage("before", () -> AuditQuery.parse("acme", Optional.empty(), Optional.of("42"), Optional.empty()));
    assertMessage("before", () -> AuditQuery.parse("acme", Optional.empty(),
        Optional.of(AuditQuery.cursorAfter(0)), Optional.empty()));
    assertMessage("action", () -> AuditQuery.parse("acme", Optional.empty(), Optional.empty(), Optional.of("DROP TABLE")));
    assertEquals(500, AuditQuery.parse("acme", Optional.of("500"), Optional.empty(), Optional.empty()).limit());
  }

  private static void assertMessage(String names, Runnable parse) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, parse::run);
    assertTrue(e.getMessage().startsWith(names), e.getMessage());
  }

  private static AuditRecord record(long id) {
    return new AuditRecord(id, AuditEntry.unknown("acme", Instant.EPOCH, "authenticate", "/v1/tickets",
        AuditResult.UNAUTHORIZED, "req-" + id, "no credential"));
  }
}
