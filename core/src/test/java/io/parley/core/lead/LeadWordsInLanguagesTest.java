package io.parley.core.lead;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageSamples;
import java.io.IOException;
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
    LanguageSamples samples = samples(language);
    assertEquals(List.of(), samples.misread(sample -> {
      LeadEvidence evidence = LeadScoring.observe(LeadEvidence.none(), sample[2], samples.pack());
      List<LeadSignal> expected = sample[0].equals("-") ? List.of()
          : Arrays.stream(sample[0].split(",")).map(name -> LeadSignal.valueOf(name.toUpperCase(Locale.ROOT)
              .replace("PURCHASE", "PURCHASE_INTENT"))).sorted().toList();
      int expectedSign = switch (sample[1]) {
        case "+" -> 1;
        case "-" -> -1;
        default -> 0;
      };
      return evidence.seen().equals(expected) && Integer.signum(evidence.sentimentBalance()) == expectedSign;
    }));
  }

  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es"})
  void englishWordsAloneMissMostOfThem(String language) throws IOException {
    List<String[]> withSignals = samples(language).samples().stream().filter(sample -> !sample[0].equals("-")).toList();
    long readInEnglish = withSignals.stream()
        .filter(sample -> !LeadScoring.observe(LeadEvidence.none(), sample[2], LanguagePack.english()).seen().isEmpty())
        .count();
    assertTrue(readInEnglish * 2 < withSignals.size(),
        readInEnglish + " of " + withSignals.size() + " read without the language's pack");
  }

  private static LanguageSamples samples(String language) throws IOException {
    return LanguageSamples.of(LeadWordsInLanguagesTest.class, language, "signals/" + language + ".tsv", 3);
  }
}
