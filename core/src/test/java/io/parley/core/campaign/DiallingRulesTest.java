package io.parley.core.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pacing, retries with backoff, the admin's moves of a campaign and the do-not-call key. */
class DiallingRulesTest {
  private static final Instant T0 = Instant.parse("2026-03-04T10:00:00Z");

  @Test
  void pacingBoundsCallsAtOnceAndCallsAMinute() {
    Pacing pacing = new Pacing(3, 10);
    assertEquals(3, pacing.startsAllowed(0, 0));
    assertEquals(1, pacing.startsAllowed(2, 0), "two under way leave one line");
    assertEquals(0, pacing.startsAllowed(3, 0));
    assertEquals(2, pacing.startsAllowed(0, 8), "eight started this minute leave two");
    assertEquals(0, pacing.startsAllowed(0, 12), "never negative");
    assertThrows(IllegalArgumentException.class, () -> new Pacing(0, 10));
  }

  @Test
  void busyAndUnansweredAttemptsAreRetriedWithBackoffUpToTheCount() {
    RetryPolicy retry = new RetryPolicy(3, Duration.ofMinutes(10), 2);
    assertEquals(Optional.of(T0.plus(Duration.ofMinutes(10))), retry.retryAt("busy", 1, T0));
    assertEquals(Optional.of(T0.plus(Duration.ofMinutes(20))), retry.retryAt("no_answer", 2, T0), "twice the delay");
    assertEquals(Optional.empty(), retry.retryAt("busy", 3, T0), "the third attempt was the last");
    assertEquals(Optional.empty(), retry.retryAt("answered", 1, T0));
    assertEquals(Optional.empty(), retry.retryAt("declined", 1, T0), "a declined call is not pressed");
    assertEquals(Optional.empty(), retry.retryAt("failed", 1, T0));
  }

  @Test
  void anAdminPausesResumesAndStopsARunningCampaignOnly() {
    assertEquals(Optional.of(CampaignStatus.PAUSED), CampaignStatus.RUNNING.after("pause"));
    assertEquals(Optional.of(CampaignStatus.RUNNING), CampaignStatus.PAUSED.after("resume"));
    assertEquals(Optional.of(CampaignStatus.STOPPED), CampaignStatus.PAUSED.after("stop"));
    assertEquals(Optional.empty(), CampaignStatus.STOPPED.after("resume"), "a stopped campaign stays stopped");
    assertEquals(Optional.empty(), CampaignStatus.FINISHED.after("pause"));
  }

  @Test
  void aNumberIsKeyedTheSameHoweverWrittenAndPerTenant() {
    assertEquals(DialledNumbers.key("acme", "+49 151 1234-5678"), DialledNumbers.key("acme", "+4915112345678"));
    assertNotEquals(DialledNumbers.key("acme", "+4915112345678"), DialledNumbers.key("globex", "+4915112345678"));
    assertEquals("+*********5678", DialledNumbers.masked("+49 151 12345678"));
  }
}
