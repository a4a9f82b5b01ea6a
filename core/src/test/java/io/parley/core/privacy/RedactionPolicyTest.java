package io.parley.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionPolicyTest {
  private static List<String> values(String text) {
    return PersonalData.find(text).stream().map(PersonalData.Found::value).toList();
  }

  @Test
  void findsUsSocialSecurityNumbersOutsideTheRangesNeverIssued() {
    assertEquals(List.of("123-45-6789", "457 55 5462"), values("SSN 123-45-6789, or 457 55 5462."));
    assertEquals(List.of("SSN"), PersonalData.find("SSN 123-45-6789").stream().map(PersonalData.Found::kind).toList());
    // Area 000, 666 and 9xx, group 00, serial 0000, mixed separators and bare digits are not SSNs.
    assertEquals(List.of(), values("000-12-3456, 666-12-3456, 912-34-5678, 123-00-4567, 123-45-0000, 123-45 6789, 123456789"));
    assertEquals(List.of(), values("order 2024-11-2345-7"));
  }

  @Test
  void findsUkNationalInsuranceNumbersWithAllocatedPrefixes() {
    assertEquals(List.of("AB 12 34 56 C", "ce123456a"), values("NI AB 12 34 56 C and ce123456a"));
    // D, F, I, Q, U, V never lead; O never follows; BG, GB, NK, KN, TN, NT, ZZ are not allocated; suffix A-D only.
    assertEquals(List.of(), values("DA123456A QQ123456B AO123456C GB123456A ZZ123456B AB123456E AB1234567"));
  }

  @Test
  void aTenantChoosesItsKindsAndAddsItsOwnPatterns() {
    RedactionPolicy policy = new RedactionPolicy(EnumSet.of(PersonalDataKind.EMAIL),
        List.of(TenantPatterns.of("MEMBER_ID", "\\bM-\\d{6}\\b")));
    Placeholders placeholders = Placeholders.numbering(List.of(), policy);
    assertEquals("[EMAIL_1], member [MEMBER_ID_1], call +49 30 1234 5678, [MEMBER_ID_2], [MEMBER_ID_1]",
        placeholders.redact("ada@example.com, member M-104215, call +49 30 1234 5678, M-000001, M-104215"));
    assertEquals("member M-000001 of ada@example.com", placeholders.restore("member [MEMBER_ID_2] of [EMAIL_1]"));
  }

  @Test
  void aPlaceholderWithALongPatternNameIsRestoredWhenStreamedInPieces() {
    RedactionPolicy policy = new RedactionPolicy(EnumSet.noneOf(PersonalDataKind.class),
        List.of(TenantPatterns.of("INSURANCE_POLICY_NO", "POL\\d{8}")));
    Placeholders placeholders = Placeholders.numbering(List.of("policy POL12345678"), policy);
    StringBuilder out = new StringBuilder();
    StreamingRestorer restorer = new StreamingRestorer(placeholders, out::append);
    restorer.accept("Your policy [INSURANCE_PO");
    restorer.accept("LICY_NO_1] is active.");
    restorer.flush();
    assertEquals("Your policy POL12345678 is active.", out.toString());
  }

  @Test
  void aPatternThatOverflowsTheStackOnALongPasteFindsNothingInsteadOfFailingTheTurn() {
    RedactionPolicy policy = new RedactionPolicy(EnumSet.of(PersonalDataKind.EMAIL),
        List.of(TenantPatterns.of("ALT", "(a|b)*c")));
    List<PersonalData.Found> found = PersonalData.find("ab".repeat(5_000) + " ada@example.com", policy);
    assertEquals(List.of("ada@example.com"), found.stream().map(PersonalData.Found::value).toList());
  }

  @Test
  void refusesEveryProblemOfAPatternAtOnce() {
    assertEquals(List.of("p.name: 2 to 20 capital letters, digits or _, starting with a letter",
        "p.regex: does not compile: Unclosed group near index 4"), TenantPatterns.problems("p", "member id", "(abc"));
    assertEquals(List.of("p.name: EMAIL is a built-in kind", "p.regex: matches the empty string"),
        TenantPatterns.problems("p", "EMAIL", "\\d*"));
    assertEquals(List.of("p.regex: at most 200 characters"), TenantPatterns.problems("p", "LONG", "a".repeat(201)));
    assertEquals(List.of("p.regex: back-references are not allowed"), TenantPatterns.problems("p", "REF", "(a)\\1"));
    assertEquals(List.of(), TenantPatterns.problems("p", "MEMBER_ID", "\\bM-\\d{6}\\b"));
  }

  @Test
  void refusesCatastrophicPatternsWhetherTheyLookNestedOrNot() {
    assertTrue(TenantPatterns.problems("p", "NESTED", "(a+)+b").get(0).contains("backtrack for minutes"));
    assertTrue(TenantPatterns.problems("p", "NESTED", "(\\w*)*x").get(0).contains("backtrack for minutes"));
    assertTrue(TenantPatterns.problems("p", "NESTED", "^(\\w+\\s?)+$").get(0).contains("backtrack for minutes"));
    // No nested quantifier in sight, still polynomial of degree 12 on "aaaa…!": caught by trying it.
    assertEquals(List.of("p.regex: backtracks too much on a long input (catastrophic pattern)"),
        TenantPatterns.problems("p", "POLY", "(.*a){12}"));
    assertEquals(List.of("p.regex: backtracks too much on a long input (catastrophic pattern)"),
        TenantPatterns.problems("p", "POLY", "(.*\\d){10}x"));
  }

  @Test
  void aPatternThatStillBacktracksGivesUpInsteadOfHangingTheTurn() {
    RedactionPolicy policy = new RedactionPolicy(EnumSet.of(PersonalDataKind.EMAIL),
        List.of(new TenantPattern("BAD", java.util.regex.Pattern.compile("(.*a){12}"))));
    long started = System.nanoTime();
    List<PersonalData.Found> found = PersonalData.find("a".repeat(300) + " ada@example.com", policy);
    assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 5);
    assertEquals(List.of("ada@example.com"), found.stream().map(PersonalData.Found::value).toList());
  }
}
