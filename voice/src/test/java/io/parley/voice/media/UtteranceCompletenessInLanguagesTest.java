package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.language.LanguageSamples;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The turn-end rule in the call's language, on the words of {@code turn-end/<language>.tsv}. */
class UtteranceCompletenessInLanguagesTest {
  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es"})
  void tellsFinishedWordsFromWordsThatGoOn(String language) throws IOException {
    LanguageSamples samples = LanguageSamples.of(UtteranceCompletenessInLanguagesTest.class, language,
        "turn-end/" + language + ".tsv", 2);
    assertEquals(List.of(), samples.misread(sample -> {
      boolean complete = sample[0].equals("complete");
      return UtteranceCompleteness.isComplete(sample[1], samples.pack()) == complete
          && UtteranceCompleteness.goesOn(sample[1], samples.pack()) != complete;
    }));
  }
}
