package io.parley.core.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageSamples;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lead signals and the sentiment read in the conversation's language, from the messages of {@code signals/<language>.tsv}. */
class LeadWordsInLanguagesTest {
  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es"})
  void readsEachMessagesSignalsAndSentimentInItsLanguage(String language) throws IOException {
    LanguagePack pack = LanguagePack.find(language).orElseThrow();
    List<String> wrong = new ArrayList<>();
    for (String[] sample : samples(language)) {
      LeadEvidence evidence = LeadScoring.observe(LeadEvidence.none(), sample[2], pack);
      List<LeadSignal> expected = sample[0].equals("-") ? List.of()
          : Arrays.stream(sample[0].split(",")).map(name -> LeadSignal.valueOf(name.toUpperCase(Locale.ROOT)
              .replace("PURCHASE", "PURCHASE_INTENT"))).sorted().toList();
      int sign = Integer.signum(evidence.sentimentBalance());
      int expectedSign = switch (sample[1]) {
        case "+" -> 1;
        case "-" -> -1;
        default -> 0;
      };
      if (!evidence.seen().equals(expected) || sign != expectedSign) {
        wrong.add(sample[2] + " -> " + evidence.seen() + " sentiment " + evidence.sentimentBalance());
      }
    }
    assertEquals(List.of(), wrong);
  }

  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es"})
  void englishWordsAloneMissMostOfThem(String language) throws IOException {
    int withSignals = 0;
    int readInEnglish = 0;
    for (String[] sample : samples(language)) {
      if (sample[0].equals("-")) continue;
      withSignals++;
      if (!LeadScoring.observe(LeadEvidence.none(), sample[2], LanguagePack.english()).seen().isEmpty()) readInEnglish++;
    }
    assertTrue(readInEnglish * 2 < withSignals, readInEnglish + " of " + withSignals + " read without the language's pack");
  }

  private static List<String[]> samples(String language) throws IOException {
    return LanguageSamples.read(LeadWordsInLanguagesTest.class, "signals/" + language + ".tsv", 3);
  }
}
