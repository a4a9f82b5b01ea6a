package io.parley.core.compute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TenantRegexTest {
  @Test
  void aPatternThatBacktracksForEverInJavaFindsOrNotInLinearTime() {
    TenantRegex nested = TenantRegex.compile("((a+)+)+c");
    // A hang guard only: java.util.regex does not finish on forty a's.
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      assertFalse(nested.find("a".repeat(40)));
      assertFalse(nested.find("a".repeat(100_000)));
      assertTrue(nested.find("a".repeat(40) + "c"));
    });
    assertEquals(List.of(new TenantRegex.Span(2, 6), new TenantRegex.Span(7, 11)), nested.spans("xxaaac aaac"));
  }

  @Test
  void whatRe2DoesNotRunIsRefusedSayingWhyAndWhichSyntax() {
    TenantRegex.Refused lookahead = assertThrows(TenantRegex.Refused.class, () -> TenantRegex.compile("T-(?=\\d)"));
    assertEquals("invalid or unsupported Perl syntax: `(?=` (" + TenantRegex.SYNTAX + ")", lookahead.getMessage());
    assertThrows(TenantRegex.Refused.class, () -> TenantRegex.compile("(a)\\1"));
    assertThrows(TenantRegex.Refused.class, () -> TenantRegex.compile("a++"));
    assertThrows(TenantRegex.Refused.class, () -> TenantRegex.compile("a{1001}"));
  }

  @Test
  void nestedRepetitionsMultiplyAndTooManyCopiesOrInstructionsAreRefused() {
    assertEquals(1, TenantRegex.copies("\\bM-\\d+\\b"));
    assertEquals(6, TenantRegex.copies("\\d{6}"));
    assertEquals(200, TenantRegex.copies("(?:x(a{10})y){20}"));
    assertEquals(11, TenantRegex.copies("a{10,}"));
    assertEquals(1, TenantRegex.copies("[{100}]\\{100}\\Q{100}\\E\\p{L}"), "braces in a class, escaped or quoted");
    assertEquals(8_000, TenantRegex.copies("(?:(?:a{20}){20}){20}"));
    assertTrue(assertThrows(TenantRegex.Refused.class, () -> TenantRegex.compile("((a{1000}){1000}){1000}")).getMessage()
        .contains("more than 1000 copies"), "refused before RE2/J writes a billion instructions");
    assertTrue(assertThrows(TenantRegex.Refused.class, () -> TenantRegex.compile("a{999}b{999}c{999}d{999}"))
        .getMessage().contains("too large once compiled"));
  }

  @Test
  void aSavedPatternRe2DoesNotRunNeverMatchesAndSaysWhy() {
    TenantRegex saved = TenantRegex.saved("(?<=#)\\d+", "a test's pattern");
    assertFalse(saved.find("#42"));
    assertEquals(List.of(), saved.spans("#42"));
    assertTrue(saved.refusal().orElseThrow().contains(TenantRegex.SYNTAX), saved.refusal().toString());
    assertEquals(Optional.empty(), TenantRegex.saved("\\d+", "a test's pattern").refusal());
    assertEquals(TenantRegex.compile("\\d+"), TenantRegex.saved("\\d+", "another"), "equal when written the same");
  }
}
