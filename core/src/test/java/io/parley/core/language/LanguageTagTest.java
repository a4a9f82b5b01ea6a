package io.parley.core.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LanguageTagTest {
  @Test
  void readsWellFormedTagsOfKnownLanguagesInCanonicalForm() {
    assertEquals("de", LanguageTag.parse("de").orElseThrow().tag());
    assertEquals("pt-BR", LanguageTag.parse("PT_br").orElseThrow().tag());
    assertEquals("pt", LanguageTag.parse("pt-BR").orElseThrow().primary());
    assertEquals("gsw", LanguageTag.parse("gsw").orElseThrow().tag());
  }

  @Test
  void refusesMalformedTagsAndUnknownLanguages() {
    for (String bad : List.of("xx", "deutsch", "en--US", "12", "", " ", "qq-DE", "english please")) {
      assertEquals(Optional.empty(), LanguageTag.parse(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> new LanguageTag("DE"));
  }

  @Test
  void foldsCaseAndAccentsAndKeepsWholeWords() {
    assertEquals(List.of(List.of("je", "voudrais", "parler", "a", "l'operateur"), List.of("merci")),
        Words.clauses("Je voudrais parler à l’opérateur. Merci!"));
    assertTrue(Phrases.parse("opérateur*").occursIn(Words.words("l'operatrice et l'opérateur")));
  }
}
