package io.parley.core.handoff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageTag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HumanRequestTest {
  @ParameterizedTest
  @ValueSource(strings = {"en", "de", "fr", "es"})
  void recognisesAtLeast95PercentOfTheWaysToAskForAPerson(String language) throws IOException {
    LanguagePack pack = LanguagePack.find(language).orElseThrow();
    List<String> requests = lines(language + "-requests.txt");
    assertTrue(requests.size() >= 20, "at least 20 phrasings for " + language);
    List<String> missed = requests.stream().filter(text -> !HumanRequest.asks(text, pack)).toList();
    assertTrue(missed.size() * 20 <= requests.size(), language + " missed " + missed);
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "de", "fr", "es"})
  void takesNoOrdinaryQuestionForARequest(String language) throws IOException {
    LanguagePack pack = LanguagePack.find(language).orElseThrow();
    List<String> ordinary = lines(language + "-ordinary.txt");
    assertTrue(ordinary.size() >= 20, "at least 20 ordinary questions for " + language);
    assertEquals(List.of(), ordinary.stream().filter(text -> HumanRequest.asks(text, pack)).toList());
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

  private static List<String> lines(String file) throws IOException {
    try (InputStream in = HumanRequestTest.class.getResourceAsStream("human-requests/" + file)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isBlank()).toList();
    }
  }
}
