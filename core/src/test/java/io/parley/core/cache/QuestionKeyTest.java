package io.parley.core.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class QuestionKeyTest {
  @Test
  void caseSpacingAndPunctuationDoNotMatter() {
    assertEquals("how do i reset my password", QuestionKey.of("  How do I reset   my password?? "));
    assertEquals(QuestionKey.of("How do I reset my password?"), QuestionKey.of("how do i reset my password"));
  }

  @Test
  void wordsStayApartAndApostrophesFold() {
    assertEquals("i cant log in shipping costs", QuestionKey.of("I can’t log-in... shipping/costs!"));
    assertEquals(QuestionKey.of("I can't log in"), QuestionKey.of("i cant log in"));
    assertNotEquals(QuestionKey.of("reset password"), QuestionKey.of("resetpassword"));
  }

  @Test
  void compatibilityFormsAndOtherScriptsFold() {
    assertEquals("full width", QuestionKey.of("ＦＵＬＬ width"));
    assertEquals("wie ändere ich mein passwort", QuestionKey.of("Wie ändere ich mein Passwort?"));
  }

  @Test
  void punctuationOnlyIsEmpty() {
    assertEquals("", QuestionKey.of("?!  ..."));
  }
}
