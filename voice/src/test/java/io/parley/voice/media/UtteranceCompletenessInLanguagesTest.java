package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageSamples;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The turn-end rule in the call's language, on the words of {@code turn-end/<language>.tsv}. */
class UtteranceCompletenessInLanguagesTest {
  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es"})
  void tellsFinishedWordsFromWordsThatGoOn(String language) throws IOException {
    LanguagePack pack = LanguagePack.find(language).orElseThrow();
    List<String> wrong = new ArrayList<>();
    for (String[] sample : samples(language)) {
      boolean complete = sample[0].equals("complete");
      if (UtteranceCompleteness.isComplete(sample[1], pack) != complete
          || UtteranceCompleteness.goesOn(sample[1], pack) == complete) {
        wrong.add(sample[0] + " " + sample[1]);
      }
    }
    assertEquals(List.of(), wrong);
  }

  private static List<String[]> samples(String language) throws IOException {
    return LanguageSamples.read(UtteranceCompletenessInLanguagesTest.class, "turn-end/" + language + ".tsv", 2);
  }
}
