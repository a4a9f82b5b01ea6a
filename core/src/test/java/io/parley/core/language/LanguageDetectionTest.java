package io.parley.core.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LanguageDetectionTest {
  private static final LanguageTag ENGLISH = new LanguageTag("en");
  private static final LanguageTag GERMAN = new LanguageTag("de");
  static LanguageDetection detection;

  @BeforeAll
  static void load() throws Exception {
    detection = LanguageDetection.of(List.of("en", "de", "fr", "es", "it", "pt", "nl", "ar", "he")).loadOn(Executors.newVirtualThreadPerTaskExecutor());
    detection.loaded().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aSentenceIsToldByItsLanguage() {
    assertEquals(tag("de"), detection.detect("Hallo, ich habe eine Frage zu meiner Rechnung", ENGLISH));
    assertEquals(tag("fr"), detection.detect("Mon colis est arrivé endommagé, que dois-je faire ?", ENGLISH));
    assertEquals(tag("es"), detection.detect("Mi pedido llegó roto, ¿qué tengo que hacer ahora?", ENGLISH));
    assertEquals(tag("en"), detection.detect("I would like to return the tent I bought last week", GERMAN));
    assertEquals(tag("nl"), detection.detect("Waar is mijn bestelling? Ik wacht al een week", ENGLISH));
    assertEquals(tag("ar"), detection.detect("مرحبا، طلبي لم يصل بعد وأريد أن أعرف السبب", ENGLISH));
    assertEquals(tag("he"), detection.detect("שלום, ההזמנה שלי עדיין לא הגיעה ואני רוצה לדעת למה", ENGLISH));
  }

  @Test
  void aTextTooShortToTellIsUndecided() {
    assertEquals(Optional.empty(), detection.detect("ok", ENGLISH));
    assertEquals(Optional.empty(), detection.detect("Wo ist meine Bestellung?", ENGLISH));
    assertEquals(Optional.empty(), detection.detect("1234 5678 9012 3456 7890 1234 5678", ENGLISH));
  }

  /** Too short for trigrams, Arabic and Hebrew letters still say their language among those read. */
  @Test
  void aShortArabicOrHebrewTextIsToldByItsScript() {
    assertEquals(tag("he"), detection.detect("איפה ההזמנה שלי?", ENGLISH));
    assertEquals(tag("ar"), detection.detect("أين طلبي؟", ENGLISH));
    assertEquals(tag("ar"), detection.detect("شكرا", GERMAN));
    assertEquals(Optional.empty(), LanguageDetection.of(List.of("en", "ar", "fa")).detect("أين طلبي؟", ENGLISH),
        "Persian writes these letters too");
    assertEquals(Optional.empty(), LanguageDetection.off().detect("איפה ההזמנה שלי?", ENGLISH));
  }

  /** Trigrams alone misread short English: such a text never moves a conversation off English. */
  @Test
  void shortEnglishQuestionsAreNeverTakenForAnotherLanguage() {
    for (String question : List.of("How do I reset my password?", "Where is my order?", "track my order",
        "Get me a representative asap", "escalate this to a human", "Is there a warranty on your products?",
        "My item arrived damaged, what do I do?", "Can I update the delivery address of my order?")) {
      Optional<LanguageTag> detected = detection.detect(question, ENGLISH);
      assertTrue(detected.isEmpty() || detected.equals(tag("en")), question + " read as " + detected);
    }
  }

  /** A long message costs what its opening costs: a German one with a long English quote after it reads as German. */
  @Test
  void aLongTextIsReadByItsOpening() {
    String german = "Hallo, ich habe eine Frage zu meiner Rechnung vom letzten Monat. ";
    String opening = german.repeat(LanguageDetection.MAX_READ / german.length() + 1);
    String quoted = "I would like to return the tent I bought last week, it was damaged. ".repeat(200);
    assertEquals(tag("de"), detection.detect(opening + quoted, ENGLISH));
    assertEquals(tag("en"), detection.detect(quoted + opening, GERMAN));
  }

  @Test
  void anOpeningNeverCutsACharacterInTwo() {
    String text = "a".repeat(LanguageDetection.MAX_READ - 1) + "\uD83D\uDE00 and more";
    assertEquals("a".repeat(LanguageDetection.MAX_READ - 1), LanguageDetection.opening(text));
    assertEquals("short", LanguageDetection.opening("short"));
  }

  @Test
  void untilTheModelsHaveLoadedEveryTextIsUndecided() {
    assertEquals(Optional.empty(), LanguageDetection.of(List.of("en", "de")).detect("Hallo, ich habe eine Frage zu meiner Rechnung", ENGLISH));
    assertEquals(Optional.empty(), LanguageDetection.off().loadOn(Runnable::run).detect("Hallo, ich habe eine Frage zu meiner Rechnung", ENGLISH));
  }

  @Test
  void aLanguageLinguaDoesNotKnowIsRefusedByName() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> LanguageDetection.of(List.of("en", "xx")));
    assertEquals("language detection does not know the language 'xx'", refused.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LanguageDetection.of(List.of("en")));
  }

  static Optional<LanguageTag> tag(String language) {
    return LanguageTag.parse(language);
  }
}
