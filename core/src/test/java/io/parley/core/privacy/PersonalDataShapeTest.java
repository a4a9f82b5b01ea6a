package io.parley.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.privacy.PersonalData.Chain;
import io.parley.core.privacy.PersonalData.Found;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The one-pass reading that decides which patterns a text is worth, and where in it they run: it
 * must never rule out a match.
 */
class PersonalDataShapeTest {

  private static final RedactionPolicy DIGIT_KINDS = new RedactionPolicy(
      Set.of(PersonalDataKind.CARD, PersonalDataKind.SSN, PersonalDataKind.NINO, PersonalDataKind.PHONE), List.of());

  @Test
  void phonesKeepTheirDigitsTogetherAcrossBracketsAndSeparators() {
    PersonalData.Shape shape = PersonalData.Shape.of("call +44 (20) 7946 0958 today");
    assertEquals(List.of(new Chain(6, 23, 12)), shape.loose(), "two characters between 4 and 2, and between 0 and 7");
    assertEquals(List.of(new Chain(14, 23, 8)), shape.close(), "7946 0958");
    assertEquals(List.of(new Chain(1, 14, 10)), PersonalData.Shape.of("(030) 555-0199").loose());
  }

  @Test
  void cardsSsnsAndNinosAreChainsWithOneSeparatorAtMost() {
    assertEquals(List.of(new Chain(5, 24, 16)), PersonalData.Shape.of("card 4111-1111-1111-1111.").close());
    assertEquals(List.of(new Chain(4, 15, 9)), PersonalData.Shape.of("SSN 123-45-6789").close());
    assertEquals(List.of(new Chain(8, 16, 6)), PersonalData.Shape.of("NINO QQ 12 34 56 C").close());
    assertEquals(List.of(), PersonalData.Shape.of("order 104, 215 and 7").close(), "a comma and a space break the chain");
    assertEquals(List.of(new Chain(0, 6, 6), new Chain(9, 20, 9)), PersonalData.Shape.of("104215 / 123-45-6789").close(),
        "each chain where it is");
  }

  @Test
  void anIbanStartsWithTwoCapitalsAndTwoDigits() {
    assertTrue(PersonalData.Shape.of("IBAN DE89 3704 0044").ibanStart());
    assertFalse(PersonalData.Shape.of("de89 or D 89 or ticket T-1001").ibanStart());
  }

  @Test
  void aTextWithoutDigitsOrAnAtRunsNoPattern() {
    PersonalData.Shape shape = PersonalData.Shape.of("Hi, my order hasn't arrived yet, can you check?");
    assertEquals(new PersonalData.Shape(false, false, List.of(), List.of()), shape);
    assertTrue(PersonalData.Shape.of("ada@example.com").at());
  }

  @Test
  void everyKindIsStillFoundWhereItsShapeAllowsIt() {
    String text = "Mail ada@example.com, phone +44 (20) 7946 0958, card 4111 1111 1111 1111, SSN 123-45-6789,"
        + " NINO AB 12 34 56 C, IBAN GB82 WEST 1234 5698 7654 32.";
    assertEquals(List.of("EMAIL", "PHONE", "CARD", "SSN", "NINO", "IBAN"),
        PersonalData.find(text).stream().map(Found::kind).toList());
  }

  /**
   * Texts made of what the patterns are made of (digits, their separators, brackets, a +, the
   * letters of a NINO's prefix and suffix, words and spaces): the patterns run around the chains of
   * digits find exactly what each finds searching the whole text.
   */
  @Test
  void aPatternRunAroundTheChainsFindsWhatItFindsInTheWholeText() {
    Random random = new Random(20261130);
    String[] pieces = {"0", "1", "4", "7", "9", "12", "123", "4111", "2026", " ", " ", "-", ".", "(", ")", "+", "/",
        "AB", "QQ", "C", "d", "x", "order ", "call ", "NINO ", "\n",
        "4111 1111 1111 1111", "4012888888881881", "123-45-6789", "078 05 1120", "AB 12 34 56 C", "ab123456d",
        "+44 (20) 7946 0958", "(030) 555-0199", "555.123.4567", "+1 415 555 2671"};
    Map<String, Integer> matched = new TreeMap<>();
    for (int n = 0; n < 20_000; n++) {
      StringBuilder text = new StringBuilder();
      int length = 1 + random.nextInt(40);
      for (int i = 0; i < length; i++) text.append(pieces[random.nextInt(pieces.length)]);
      List<Found> expected = wholeTextSearch(text.toString());
      assertEquals(expected, PersonalData.find(text.toString(), DIGIT_KINDS), text::toString);
      expected.forEach(found -> matched.merge(found.kind(), 1, Integer::sum));
    }
    assertEquals(Set.of("CARD", "SSN", "NINO", "PHONE"), matched.keySet(), "each kind is compared: " + matched);
    assertTrue(matched.values().stream().allMatch(count -> count > 500), "each kind is compared often: " + matched);
  }

  /** The built-in digit patterns, each searching the whole text, in find's order, with its checks. */
  private static List<Found> wholeTextSearch(String text) {
    List<Found> found = new ArrayList<>();
    search(PersonalData.CARD, text, "CARD", PersonalData::luhnChecks, found);
    search(PersonalData.SSN, text, "SSN", value -> true, found);
    search(PersonalData.NINO, text, "NINO", PersonalData::ninoAllocated, found);
    search(PersonalData.PHONE, text, "PHONE", PersonalData::phoneLongEnough, found);
    found.sort((a, b) -> Integer.compare(a.start(), b.start()));
    return found;
  }

  private static void search(Pattern pattern, String text, String kind, Predicate<String> check, List<Found> found) {
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      int start = matcher.start();
      int end = matcher.end();
      if (check.test(matcher.group()) && found.stream().noneMatch(f -> start < f.end() && f.start() < end)) {
        found.add(new Found(kind, matcher.group(), start, end));
      }
    }
  }
}
