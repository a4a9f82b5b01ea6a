package io.parley.core.citation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.language.LanguageTag;
import io.parley.core.language.TextOverrides;
import io.parley.core.language.Wording;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TranslationNoticeTest {
  private static final Citation ENGLISH = new Citation(1, "d-1", "Warranty", "https://help.example.com/warranty", "Two years.", "en");
  private static final Citation GERMAN = new Citation(2, "d-2", "Rückgabe", "", "30 Tage.", "de");
  private static final Citation FRENCH = new Citation(3, "d-3", "Livraison", "", "Trois jours.", "fr-CA");
  private static final Citation UNKNOWN = new Citation(4, "d-4", "Old", "", "Old text.", "");

  @Test
  void anAnswerFromAnArticleInAnotherLanguageSaysItWasTranslatedInTheCustomersLanguage() {
    assertEquals("Zwei Jahre Garantie [1].\n\nÜbersetzt aus unserem Artikel auf Englisch.",
        TranslationNotice.appended("Zwei Jahre Garantie [1]. ", List.of(ENGLISH), german(), wording("de")));
    assertEquals("Deux ans [1].\n\nTraduit de notre article en anglais.",
        TranslationNotice.appended("Deux ans [1].", List.of(ENGLISH), Optional.of(new LanguageTag("fr")), wording("fr")));
  }

  @Test
  void articlesInSeveralOtherLanguagesAreNamedAsTheCustomersLanguageListsThem() {
    assertEquals("Antwort [1] [3].\n\nÜbersetzt aus unserem Artikel auf Englisch und Französisch.",
        TranslationNotice.appended("Antwort [1] [3].", List.of(ENGLISH, GERMAN, FRENCH, ENGLISH), german(), wording("de")));
  }

  @Test
  void anAnswerFromTheCustomersOwnLanguageOrFromArticlesOfNoKnownLanguageSaysNothing() {
    assertEquals("Rückgabe [2].", TranslationNotice.appended("Rückgabe [2].", List.of(GERMAN), german(), wording("de")));
    assertEquals("Alt [4].", TranslationNotice.appended("Alt [4].", List.of(UNKNOWN), german(), wording("de")));
    assertEquals("Nothing cited.", TranslationNotice.appended("Nothing cited.", List.of(), german(), wording("de")));
    assertEquals("Two years [1].", TranslationNotice.appended("Two years [1].", List.of(ENGLISH), Optional.of(new LanguageTag("en-GB")),
        wording("en")), "a region of the same language is the same language");
    assertEquals("Zwei [1].", TranslationNotice.appended("Zwei [1].", List.of(ENGLISH), Optional.empty(), wording("de")),
        "a conversation of no known language cannot tell");
  }

  private static Optional<LanguageTag> german() {
    return Optional.of(new LanguageTag("de"));
  }

  private static Wording wording(String language) {
    return Wording.of(Optional.of(new LanguageTag(language)), Optional.empty(), TextOverrides.NONE);
  }
}
