package io.parley.core.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.LanguageSamples;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HumanRequestTest {
  @ParameterizedTest
  @ValueSource(strings = {"en", "de", "fr", "es", "ar", "he"})
  void recognisesAtLeast95PercentOfTheWaysToAskForAPerson(String language) throws IOException {
    LanguageSamples requests = phrasings(language, "requests");
    List<String> missed = requests.misread(request -> HumanRequest.asks(request[0], requests.pack()));
    assertTrue(missed.size() * 20 <= requests.samples().size(), language + " missed " + missed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "de", "fr", "es", "ar", "he"})
  void takesNoOrdinaryQuestionForARequest(String language) throws IOException {
    LanguageSamples ordinary = phrasings(language, "ordinary");
    assertEquals(List.of(), ordinary.misread(question -> !HumanRequest.asks(question[0], ordinary.pack())));
  }

  @Test
  void theEnglishWordsDoNotReadAGermanRequest() {
    assertFalse(HumanRequest.asks("Ich möchte mit einem Menschen sprechen"));
    assertTrue(HumanRequest.asks("Ich möchte mit einem Menschen sprechen", LanguagePack.find("de").orElseThrow()));
  }

  @Test
  void aLanguageWithoutAPackReadsTheTenantsThenEnglish() {
    LanguagePack forJapanese = LanguagePack.of(LanguageTag.parse("ja"), LanguageTag.parse("de"));
    assertEquals("de", forJapanese.language());
    assertEquals("en", LanguagePack.of(LanguageTag.parse("ja"), Optional.empty()).language());
    assertEquals("fr", LanguagePack.of(LanguageTag.parse("fr-CA"), LanguageTag.parse("de")).language());
  }

  @Test
  void matchesWholeWordsOnly() {
    // "agentur" begins with "agent", "humanity" with "human": neither is a person.
    assertFalse(HumanRequest.asks("I want to talk about humanity"));
    assertFalse(HumanRequest.asks("Ich möchte mit der Agentur sprechen", LanguagePack.find("de").orElseThrow()));
  }

  /** The phrasings of {@code human-requests/<language>-<kind>.txt}: at least 20 of them. */
  private static LanguageSamples phrasings(String language, String kind) throws IOException {
    LanguageSamples phrasings =
        LanguageSamples.of(HumanRequestTest.class, language, "human-requests/" + language + "-" + kind + ".txt", 1);
    assertTrue(phrasings.samples().size() >= 20, "at least 20 " + kind + " phrasings for " + language);
    return phrasings;
  }
}
