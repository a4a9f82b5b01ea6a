package io.parley.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The counting policy of failed-safe sessions: a bounded count of a session's own failures, and reasons without messages. */
class FailureTallyTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final SessionFailure UNREADABLE = new SessionFailure(SessionFailure.Kind.RECOVERY, "IllegalStateException");

  @Test
  void aSessionIsFailedSafeOnceItsFailuresReachTheBoundAndNotBefore() {
    FailureTally tally = FailureTally.first(UNREADABLE, T0);
    assertFalse(tally.failedSafe(3));
    tally = tally.and(UNREADABLE, T0.plusSeconds(10));
    assertFalse(tally.failedSafe(3));
    tally = tally.and(new SessionFailure(SessionFailure.Kind.COMMAND, "ArithmeticException"), T0.plusSeconds(20));
    assertTrue(tally.failedSafe(3));
    assertTrue(tally.and(UNREADABLE, T0.plusSeconds(30)).failedSafe(3), "past the bound it stays failed-safe");
    assertEquals(3, tally.count());
    assertEquals(T0, tally.firstAt(), "the first failure's time is kept");
    assertEquals(T0.plusSeconds(20), tally.lastAt());
    assertEquals(SessionFailure.Kind.COMMAND, tally.latest().kind(), "the latest failure is the one shown");
    assertTrue(FailureTally.first(UNREADABLE, T0).failedSafe(1), "a bound of one fails safe at the first failure");
  }

  @Test
  void aCountNeitherOverflowsNorStartsBelowOne() {
    FailureTally most = new FailureTally(UNREADABLE, Integer.MAX_VALUE, T0, T0);
    assertEquals(Integer.MAX_VALUE, most.and(UNREADABLE, T0).count());
    assertThrows(IllegalArgumentException.class, () -> new FailureTally(UNREADABLE, 0, T0, T0));
  }

  @Test
  void aReasonNamesTheExceptionTypesCauseAfterCauseAndNeverTheirMessages() {
    Throwable thrown = new IllegalStateException("a sealed row of alice@example.com",
        new UncheckedIOException(new NotSerializableException("card 4111 1111 1111 1111")));
    SessionFailure failure = SessionFailure.of(SessionFailure.Kind.RECOVERY, thrown);
    assertEquals("IllegalStateException < UncheckedIOException < NotSerializableException", failure.reason());
    assertFalse(failure.reason().contains("alice") || failure.reason().contains("4111"));
    assertEquals("recovery", failure.kind().wireName());
    assertEquals(SessionFailure.Kind.COMMAND, SessionFailure.Kind.fromWireName("command"));
  }

  @Test
  void aLongReasonIsCut() {
    assertEquals(SessionFailure.MAX_REASON,
        new SessionFailure(SessionFailure.Kind.COMMAND, "x".repeat(1000)).reason().length());
  }
}
