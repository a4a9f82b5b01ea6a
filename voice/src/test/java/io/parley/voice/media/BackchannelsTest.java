package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.parley.core.language.LanguagePack;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackchannelsTest {
  @ParameterizedTest(name = "{0}: \"{1}\" {2}")
  @CsvSource(delimiter = '|', textBlock = """
      en | mm-hm                   | true
      en | Uh-huh.                 | true
      en | yeah okay               | true
      en | mm hmm right            | true
      en | got it                  | true
      en | no                      | false
      en | wait                    | false
      en | yeah but that's wrong   | false
      en | okay so what about      | false
      en | ''                      | false
      en | got                     | false
      de | ja                      | true
      de | Ähm, genau.             | true
      de | alles klar               | true
      de | ja aber nicht heute     | false
      de | nein                    | false
      es | sí                      | true
      es | vale vale               | true
      es | eh, claro               | true
      es | de acuerdo              | true
      es | no espere               | false
      es | si pero                 | false
      """)
  void onlyListeningWordsAreABackchannel(String language, String text, boolean backchannel) {
    assertEquals(backchannel, Backchannels.isBackchannel(text, LanguagePack.find(language).orElseThrow()));
  }

  @ParameterizedTest(name = "{0}: \"{1}\" {2}")
  @CsvSource(delimiter = '|', textBlock = """
      en | i             | true
      en | okay i        | true
      en | i see         | true
      en | i need        | false
      en | got           | true
      de | alles         | true
      de | ja alles klar | true
      de | alles gut     | false
      es | de            | true
      es | de nada       | false
      """)
  void theFirstWordsOfABackchannelMayStillBecomeOne(String language, String text, boolean mayBe) {
    assertEquals(mayBe, Backchannels.mayBeBackchannel(text, LanguagePack.find(language).orElseThrow()));
  }
}
