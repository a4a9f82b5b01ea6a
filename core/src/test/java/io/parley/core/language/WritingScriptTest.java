package io.parley.core.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WritingScriptTest {
  private static final LanguageTag ENGLISH = new LanguageTag("en");
  private static final WritingScript SERVER = new WritingScript(List.of("en", "de", "fr", "es", "it", "pt", "nl", "ar", "he"));

  @Test
  void hebrewLettersAreHebrew() {
    assertEquals(tag("he"), SERVER.languageOf("איפה ההזמנה שלי?", ENGLISH));
    assertEquals(tag("he"), SERVER.languageOf("תודה", ENGLISH));
    // Points (niqqud) are marks, not letters: they change nothing.
    assertEquals(tag("he"), SERVER.languageOf("שָׁלוֹם", ENGLISH));
  }

  @Test
  void arabicLettersAreArabicWhenNoOtherLanguageReadWritesThem() {
    assertEquals(tag("ar"), SERVER.languageOf("أين طلبي؟", ENGLISH));
    assertEquals(tag("ar"), SERVER.languageOf("شكرا", ENGLISH));
    WritingScript withPersian = new WritingScript(List.of("en", "ar", "fa"));
    assertEquals(Optional.empty(), withPersian.languageOf("سفارش من کجاست؟", ENGLISH));
    WritingScript withUrdu = new WritingScript(List.of("en", "ar", "ur"));
    assertEquals(Optional.empty(), withUrdu.languageOf("شکریہ", ENGLISH));
  }

  /** A Persian tenant's short message is never taken for Arabic, even where the node reads no Persian. */
  @Test
  void theLanguageAlreadyThoughtCountsAmongTheWriters() {
    assertEquals(Optional.empty(), SERVER.languageOf("سفارش من کجاست؟", new LanguageTag("fa")));
    assertEquals(tag("fa"), new WritingScript(List.of("en", "de")).languageOf("سفارش من کجاست؟", new LanguageTag("fa")));
  }

  @Test
  void aScriptNoLanguageReadWritesTellsNothing() {
    assertEquals(Optional.empty(), new WritingScript(List.of("en", "de")).languageOf("איפה ההזמנה שלי?", ENGLISH));
    assertEquals(Optional.empty(), new WritingScript(List.of("en", "de")).languageOf("أين طلبي؟", ENGLISH));
  }

  @Test
  void hebrewScriptIsAmbiguousWhenYiddishIsReadToo() {
    assertEquals(Optional.empty(), new WritingScript(List.of("he", "yi")).languageOf("איפה ההזמנה שלי?", ENGLISH));
  }

  @Test
  void latinAndMixedTextsTellNothing() {
    assertEquals(Optional.empty(), SERVER.languageOf("Where is my order?", ENGLISH));
    assertEquals(Optional.empty(), SERVER.languageOf("Wo ist meine Bestellung?", ENGLISH));
    assertEquals(Optional.empty(), SERVER.languageOf("ok שלום", ENGLISH), "half Latin is no Hebrew text");
    assertEquals(Optional.empty(), SERVER.languageOf("1042 ?!", ENGLISH));
    assertEquals(Optional.empty(), SERVER.languageOf("ש", ENGLISH), "one letter is too little");
  }

  @Test
  void anOrderNumbersLatinLettersDoNotHideTheScript() {
    assertEquals(tag("ar"), SERVER.languageOf("أين الطلب رقم AB-1042؟", ENGLISH));
    assertEquals(tag("he"), SERVER.languageOf("מה עם ההזמנה T-1042", ENGLISH));
  }

  private static Optional<LanguageTag> tag(String language) {
    return LanguageTag.parse(language);
  }
}
