package io.parley.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {
  @Test
  void findsEmailsPhonesCheckedCardsAndIbansButNotOrderNumbers() {
    String text = "I'm ada@example.com, call +49 30 1234 5678 or (030) 555-0199. Card 4111 1111 1111 1111,"
        + " IBAN DE89 3704 0044 0532 0130 00. Order 104215, ticket T-1001, tracking 1234567812345678.";
    List<PersonalData.Found> found = PersonalData.find(text);
    assertEquals(List.of("ada@example.com", "+49 30 1234 5678", "(030) 555-0199", "4111 1111 1111 1111",
        "DE89 3704 0044 0532 0130 00"), found.stream().map(PersonalData.Found::value).toList());
    assertEquals(List.of("EMAIL", "PHONE", "PHONE", "CARD", "IBAN"), found.stream().map(PersonalData.Found::kind).toList());
  }

  @Test
  void theDigitGroupsOfAnIdAreNoPhoneNumber() {
    assertEquals(List.of(), PersonalData.find("workflow escalation-bf9122b7-4418-8823-9012-60e7c53efb53 started"),
        "a UUID's digit groups, joined by hyphens to the rest of it");
    assertEquals(List.of("555-123-4567"), PersonalData.find("call 555-123-4567.").stream()
        .map(PersonalData.Found::value).toList());
  }

  @Test
  void aCardNumberStandsAloneNotInsideAnIdOrTheDecimalsOfANumber() {
    // Each digit run below passes the Luhn check: only where it stands decides.
    assertEquals(List.of(), PersonalData.find("jitterMillis=4.4111111111111111 request fdee4111111111111111e13-77"));
    assertEquals("card [CARD], then [CARD]; [CARD]. Thanks",
        PersonalData.masked("card 4111111111111111, then 5500000000000004; 4111 1111 1111 1111. Thanks"));
  }

  @Test
  void checksumsDecide() {
    assertTrue(PersonalData.luhnChecks("4111-1111-1111-1111"));
    assertFalse(PersonalData.luhnChecks("4111 1111 1111 1112"));
    assertTrue(PersonalData.ibanChecks("GB82 WEST 1234 5698 7654 32"));
    assertFalse(PersonalData.ibanChecks("GB83 WEST 1234 5698 7654 32"));
  }

  @Test
  void theSameValueIsTheSamePlaceholderThroughoutAndRestoresInside() {
    Placeholders placeholders = Placeholders.numbering(List.of("My email is ADA@example.com", "and bob@example.org"));
    assertEquals("Write to [EMAIL_1], not [EMAIL_2]; card [CARD_1]",
        placeholders.redact("Write to ada@example.com, not bob@example.org; card 4111111111111111"));
    assertEquals("Sent to ADA@example.com and 4111111111111111, [EMAIL_9] unknown",
        placeholders.restore("Sent to [EMAIL_1] and [CARD_1], [EMAIL_9] unknown"));
    assertEquals("{\"email\":\"bob@example.org\"}", placeholders.restore("{\"email\":\"[EMAIL_2]\"}"));
  }

  @Test
  void aNumberedTextIsRedactedAsItWasNumberedWithoutASecondSearch() {
    String text = "Mail ann@example.com or bob@example.org";
    Placeholders placeholders = Placeholders.numbering(List.of("I am bob@example.org", text));
    String redacted = placeholders.redact(text);
    assertEquals("Mail [EMAIL_2] or [EMAIL_1]", redacted);
    assertSame(redacted, placeholders.redact(text), "the text as the numbering redacted it, not built again");
    assertEquals("and [EMAIL_3]", placeholders.redact("and cy@example.net"), "a new text is searched");
  }

  @Test
  void aCopyReadsTheTextsItIsGivenAsRedactedAndSearchesTheRest() {
    Placeholders placeholders = Placeholders.numbering(List.of("My email is ada@example.com"));
    String earlier = "My email is ada@example.com";
    // What the numbering gave that text before stands, unsearched; the numbering goes on for new texts.
    Placeholders copy = placeholders.copy(Map.of(earlier, "My email is [EMAIL_1] (as sent)"));
    assertEquals("My email is [EMAIL_1] (as sent)", copy.redact(earlier));
    assertEquals("and [EMAIL_2], [EMAIL_1]", copy.redact("and bob@example.org, ada@example.com"));
    assertEquals("My email is [EMAIL_1]", placeholders.copy().redact(earlier));
    assertEquals(earlier, Placeholders.off().copy(Map.of(earlier, "[EMAIL_1]")).redact(earlier), "redaction off");
  }

  @Test
  void aStreamedPlaceholderSplitAcrossPiecesIsRestoredWhole() {
    Placeholders placeholders = Placeholders.numbering(List.of("reach me at ada@example.com"));
    List<String> shown = new ArrayList<>();
    StreamingRestorer restorer = new StreamingRestorer(placeholders, shown::add);
    for (String piece : List.of("I'll write to [EM", "AIL_", "1] today", " [soon", "] ok [", "x")) restorer.accept(piece);
    restorer.flush();
    assertEquals("I'll write to ada@example.com today [soon] ok [x", String.join("", shown));
    assertTrue(shown.stream().noneMatch(piece -> piece.contains("[EM")), shown.toString());
  }

  @Test
  void aCopyNumbersTheTextsItIsGivenWhereItIsFirstUsedAndHandsTheNumberingOn() {
    Placeholders base = Placeholders.numbering(List.of("I am ann@example.com"));
    List<Placeholders> numbered = new ArrayList<>();
    List<Map<String, String>> asSent = new ArrayList<>();
    Placeholders copy = base.copyNumbering(List.of("or bo@example.com"), Map.of(), (done, texts) -> {
      numbered.add(done);
      asSent.add(texts);
    });
    assertEquals(List.of(), numbered, "nothing is searched until the copy is used");

    assertEquals("[EMAIL_2] then [EMAIL_1]", copy.redact("bo@example.com then ann@example.com"));
    assertEquals(List.of(Map.of("or bo@example.com", "or [EMAIL_2]")), asSent);
    assertEquals(Optional.of("bo@example.com"), numbered.get(0).valueOf("[EMAIL_2]"));
    assertEquals(2, numbered.get(0).size(), "the numbering handed on is that of the texts, not of what the copy redacted after");
    assertEquals(1, base.size(), "the numbering copied from is as it was");
  }

  @Test
  void aNumberingWithAPatternSkippedForTimeIsNotHandedOn() {
    RedactionPolicy members = new RedactionPolicy(java.util.EnumSet.allOf(PersonalDataKind.class),
        List.of(TenantPatterns.of("MEMBER_ID", "\\bM-\\d{6}\\b")));
    List<Placeholders> numbered = new ArrayList<>();
    long[] now = {0};
    Placeholders copy = Placeholders.numbering(List.of(), members)
        .copyNumbering(List.of("M-104215"), Map.of(), (done, asSent) -> numbered.add(done))
        .within(PatternDeadline.after(Duration.ofSeconds(1), () -> now[0] += Duration.ofHours(1).toNanos(), pattern -> { }));

    assertEquals("M-104215, [EMAIL_1]", copy.redact("M-104215, ann@example.com"));
    assertEquals(List.of(), numbered, "numbered again, whole, next time");
  }
}
