package io.parley.voice.media;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguagePack;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The short answers and openers a caller often goes on from after a comma's pause, in each language
 * with turn rules: those that are complete alone wait longer than a question ({@link TurnDetector}),
 * the others wait as before; a short answer that goes on with an auxiliary ("yes it is") does not.
 */
class UtteranceLeadInsTest {
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      en | Yes.
      en | no
      en | Okay
      en | oh yes
      en | all right
      en | well
      en | so
      en | Hello.
      en | No thanks.
      en | okay thank you
      de | Ja.
      de | nein
      de | also
      de | gut
      de | ja also
      de | ja danke
      es | Sí.
      es | no
      es | bueno
      es | vale
      es | sí vale
      fr | Oui.
      fr | non
      fr | bon
      fr | alors
      fr | eh bien
      it | Sì.
      it | allora
      it | va bene
      pt | Sim.
      pt | não
      pt | então
      nl | Ja.
      nl | nee
      nl | nou
      ar | نعم
      ar | لا
      he | כן
      he | לא
      """)
  void aLeadInAloneMayGoOn(String language, String words) {
    assertTrue(UtteranceCompleteness.leadsIn(words, pack(language)), words);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      en | where is my order
      en | yes that is fine
      en | yes it is
      en | no thanks that is all i needed
      en | i need help
      de | wo ist meine bestellung
      es | dónde está mi pedido
      fr | non merci c'est tout ce qu'il me fallait
      """)
  void wordsBeyondALeadInDoNot(String language, String words) {
    assertFalse(UtteranceCompleteness.leadsIn(words, pack(language)), words);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', textBlock = """
      en | yes
      en | no
      en | okay
      de | ja
      de | nein
      es | sí
      es | vale
      fr | oui
      fr | non
      it | sì
      pt | sim
      nl | ja
      ar | نعم
      he | כן
      """)
  void aYesOrNoIsCompleteAndALeadInBoth(String language, String words) {
    LanguagePack pack = pack(language);
    assertTrue(UtteranceCompleteness.isComplete(words, pack), words);
    assertTrue(UtteranceCompleteness.leadsIn(words, pack), words);
  }

  private static LanguagePack pack(String language) {
    return LanguagePack.find(language).orElseThrow();
  }
}
