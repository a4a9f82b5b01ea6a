package io.parley.core.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one-pass reading that decides which patterns a text is worth: it must never rule out a match. */
class PersonalDataShapeTest {

  @Test
  void phonesKeepTheirDigitsTogetherAcrossBracketsAndSeparators() {
    PersonalData.Shape shape = PersonalData.Shape.of("call +44 (20) 7946 0958 today");
    assertEquals(12, shape.looseDigits(), "two characters between 4 and 2, and between 0 and 7");
    assertEquals(8, shape.closeDigits(), "7946 0958");
    assertEquals(10, PersonalData.Shape.of("(030) 555-0199").looseDigits());
  }

  @Test
  void cardsSsnsAndNinosAreChainsWithOneSeparatorAtMost() {
    assertEquals(16, PersonalData.Shape.of("card 4111-1111-1111-1111.").closeDigits());
    assertEquals(9, PersonalData.Shape.of("SSN 123-45-6789").closeDigits());
    assertEquals(6, PersonalData.Shape.of("NINO QQ 12 34 56 C").closeDigits());
    assertEquals(3, PersonalData.Shape.of("order 104, 215 and 7").closeDigits(), "a comma and a space break the chain");
  }

  @Test
  void anIbanStartsWithTwoCapitalsAndTwoDigits() {
    assertTrue(PersonalData.Shape.of("IBAN DE89 3704 0044").ibanStart());
    assertFalse(PersonalData.Shape.of("de89 or D 89 or ticket T-1001").ibanStart());
  }

  @Test
  void aTextWithoutDigitsOrAnAtRunsNoPattern() {
    PersonalData.Shape shape = PersonalData.Shape.of("Hi, my order hasn't arrived yet, can you check?");
    assertEquals(new PersonalData.Shape(false, false, 0, 0), shape);
    assertTrue(PersonalData.Shape.of("ada@example.com").at());
  }

  @Test
  void everyKindIsStillFoundWhereItsShapeAllowsIt() {
    String text = "Mail ada@example.com, phone +44 (20) 7946 0958, card 4111 1111 1111 1111, SSN 123-45-6789,"
        + " NINO AB 12 34 56 C, IBAN GB82 WEST 1234 5698 7654 32.";
    assertEquals(List.of("EMAIL", "PHONE", "CARD", "SSN", "NINO", "IBAN"),
        PersonalData.find(text).stream().map(PersonalData.Found::kind).toList());
  }
}
