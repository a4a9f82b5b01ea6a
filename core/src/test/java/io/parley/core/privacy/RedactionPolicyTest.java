package io.parley.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.compute.TenantRegex;
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
  void aPatternReadsALongPasteWithoutRecursingOrBacktracking() {
    RedactionPolicy policy = new RedactionPolicy(EnumSet.of(PersonalDataKind.EMAIL),
        List.of(TenantPatterns.of("ALT", "(a|b)*c"), TenantPatterns.of("NESTED", "((a+)+)+x")));
    String paste = "ab".repeat(5_000) + "c " + "a".repeat(5_000) + " ada@example.org";
    // A hang guard only: java.util.regex overflowed its stack on the first and never ended the second.
    List<PersonalData.Found> found = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> PersonalData.find(paste, policy));
    assertEquals(List.of("ALT", "EMAIL"), found.stream().map(PersonalData.Found::kind).toList());
    assertEquals("ab".repeat(5_000) + "c", found.get(0).value());
  }

  @Test
  void refusesEveryProblemOfAPatternAtOnce() {
    assertEquals(List.of("p.name: 2 to 20 capital letters, digits or _, starting with a letter",
        "p.regex: missing closing ): `(abc` (" + TenantRegex.SYNTAX + ")"), TenantPatterns.problems("p", "member id", "(abc"));
    assertEquals(List.of("p.name: EMAIL is a built-in kind", "p.regex: matches the empty string"),
        TenantPatterns.problems("p", "EMAIL", "\\d*"));
    assertEquals(List.of("p.regex: at most 200 characters"), TenantPatterns.problems("p", "LONG", "a".repeat(201)));
    assertEquals(List.of("p.regex: invalid escape sequence: `\\1` (" + TenantRegex.SYNTAX + ")"),
        TenantPatterns.problems("p", "REF", "(a)\\1"));
    assertTrue(TenantPatterns.problems("p", "AHEAD", "M-(?=\\d)").get(0).startsWith("p.regex: invalid or unsupported Perl syntax"));
    assertEquals(List.of(), TenantPatterns.problems("p", "MEMBER_ID", "\\bM-\\d{6}\\b"));
  }

  @Test
  void patternsThatBacktrackedAreTakenAndOnlyTooLargeOnesAreRefused() {
    assertEquals(List.of(), TenantPatterns.problems("p", "NESTED", "(a+)+b"));
    assertEquals(List.of(), TenantPatterns.problems("p", "POLY", "(.*a){12}"));
    assertTrue(TenantPatterns.problems("p", "COPIES", "(a{100}){100}").get(0).contains("more than 1000 copies"));
    assertTrue(TenantPatterns.problems("p", "LARGE", "\\w{1000}x\\w{1000}y\\w{1000}").get(0).contains("too large"));
  }

  @Test
  void aSavedPatternRe2DoesNotRunNeverMatchesAndTheRestStillRedact() {
    RedactionPolicy policy = new RedactionPolicy(EnumSet.of(PersonalDataKind.EMAIL),
        List.of(TenantPatterns.of("OLD", "(?<!\\d)\\d{8}")));
    assertEquals(List.of("ada@example.com"), PersonalData.find("12345678 ada@example.com", policy).stream()
        .map(PersonalData.Found::value).toList());
  }
}
