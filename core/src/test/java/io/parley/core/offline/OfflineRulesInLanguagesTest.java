package io.parley.core.offline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguageSamples;
import io.parley.core.language.LanguageTag;
import io.parley.core.language.TextOverrides;
import io.parley.core.language.Wording;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The offline responder's rules read in the conversation's language, from the messages of
 * {@code rules/<language>.tsv}: each gets its rule's answer, in that language.
 */
class OfflineRulesInLanguagesTest {
  private final OfflineResponder responder = OfflineResponder.fromResource(OfflineResponder.DEFAULT_RESOURCE);

  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es", "it", "pt", "nl", "ar", "he"})
  void eachMessageGetsItsRulesAnswerInItsLanguage(String language) throws IOException {
    Wording wording = Wording.of(LanguageTag.parse(language), Optional.empty(), TextOverrides.NONE);
    List<String> wrong = new ArrayList<>();
    for (String[] sample : samples(language)) {
      OfflineReply reply = responder.reply(sample[1], OfflineReason.NOT_CONFIGURED, false, wording);
      String expected = wording.text(sample[0].equals(OfflineReply.FALLBACK_ID) ? "offline.fallback"
          : "offline.answer." + sample[0]);
      if (!reply.ruleId().equals(sample[0]) || !reply.text().equals(expected)) {
        wrong.add(sample[1] + " -> " + reply.ruleId());
      }
    }
    assertEquals(List.of(), wrong);
  }

  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es", "it", "pt", "nl", "ar", "he"})
  void theEnglishPatternsAloneMissMostOfThem(String language) throws IOException {
    Wording english = Wording.english();
    int answered = 0;
    int readInEnglish = 0;
    for (String[] sample : samples(language)) {
      if (sample[0].equals(OfflineReply.FALLBACK_ID)) continue;
      answered++;
      if (responder.reply(sample[1], OfflineReason.NOT_CONFIGURED, false, english).ruleId().equals(sample[0])) {
        readInEnglish++;
      }
    }
    assertTrue(readInEnglish * 4 < answered, readInEnglish + " of " + answered + " read without the language's pack");
  }

  private static List<String[]> samples(String language) throws IOException {
    return LanguageSamples.read(OfflineRulesInLanguagesTest.class, "rules/" + language + ".tsv", 2);
  }
}
