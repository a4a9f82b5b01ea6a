package io.parley.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A tenant's own patterns run within a deadline: checked between patterns, the built-in kinds always found. */
class PatternDeadlineTest {
  private static final RedactionPolicy MEMBER_AND_POLICY = new RedactionPolicy(EnumSet.allOf(PersonalDataKind.class),
      List.of(TenantPatterns.of("MEMBER_ID", "\\bM-\\d{6}\\b"), TenantPatterns.of("LOYALTY", "\\bL-\\d{6}\\b"),
          TenantPatterns.of("POLICY_NO", "\\bP-\\d{6}\\b")));

  @Test
  void patternsReachedAfterTheDeadlineAreSkippedAndToldAndTheBuiltInKindsStillRedacted() {
    // Each reading of the clock is 40 ms later: the deadline (100 ms after the first) passes at the third pattern.
    long[] now = {0};
    List<String> skipped = new ArrayList<>();
    PatternDeadline deadline = PatternDeadline.after(Duration.ofMillis(100), () -> now[0] += 40_000_000L,
        pattern -> skipped.add(pattern.name()));

    String redacted = Placeholders.numbering(List.of(), MEMBER_AND_POLICY).within(deadline)
        .redact("M-104215, L-204215, P-304215 and ada@example.com");

    assertEquals("[MEMBER_ID_1], [LOYALTY_1], P-304215 and [EMAIL_1]", redacted);
    assertEquals(List.of("POLICY_NO"), skipped);
  }

  @Test
  void noDeadlineRunsEveryPattern() {
    assertEquals("[MEMBER_ID_1], [LOYALTY_1], [POLICY_NO_1]",
        Placeholders.numbering(List.of(), MEMBER_AND_POLICY).redact("M-104215, L-204215, P-304215"));
  }

  @Test
  void twentySlowPatternsOverALargeTextEndWithinTheDeadlineAndOnePatternsTime() {
    // Twenty patterns of nested counted repetitions, each reading the whole text, over 128 KB.
    RedactionPolicy slow = new RedactionPolicy(EnumSet.allOf(PersonalDataKind.class), IntStream.range(0, 20)
        .mapToObj(n -> TenantPatterns.of("SLOW_" + n, "(?:[a-z]{1,9}[ ,.;]){1,40}Q" + n + "\\d{30}")).toList());
    StringBuilder text = new StringBuilder("write to ada@example.com. ");
    while (text.length() < 128 * 1024) text.append("order lamp shade cable plug; ");
    String large = text.toString();

    long all = timed(() -> PersonalData.find(large, slow));
    Duration budget = Duration.ofNanos(all / 10);
    List<String> skipped = new ArrayList<>();
    long[] took = new long[1];
    String[] redacted = new String[1];
    took[0] = timed(() -> redacted[0] = Placeholders.numbering(List.of(), slow)
        .within(PatternDeadline.after(budget, System::nanoTime, pattern -> skipped.add(pattern.name()))).redact(large));

    assertFalse(skipped.isEmpty(), "the patterns took " + Duration.ofNanos(all) + " together; the deadline was " + budget);
    // Past the deadline by at most the pattern under way (a twentieth of all of them, given slack for a shared machine).
    assertTrue(took[0] < budget.toNanos() + all / 4, "took " + Duration.ofNanos(took[0]) + " with a deadline of " + budget
        + ", all patterns taking " + Duration.ofNanos(all));
    assertTrue(redacted[0].startsWith("write to [EMAIL_1]. "), "the built-in kinds are redacted whatever the deadline");
  }

  private static long timed(Runnable work) {
    long start = System.nanoTime();
    work.run();
    return System.nanoTime() - start;
  }
}
