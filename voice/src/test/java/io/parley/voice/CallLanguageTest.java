package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.ConversationLanguage;
import io.parley.core.language.ConversationLanguage.Source;
import io.parley.core.language.LanguageTag;
import io.parley.voice.media.TurnDetector;
import io.parley.voice.media.TurnDetector.Signal;
import io.parley.voice.media.TurnSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallLanguageTest {
  private static final int FRAME = 20;

  @Test
  void theTurnDetectorReadsTheConversationsLanguageOnceTheSessionHasOne() {
    TurnDetector detector = new TurnDetector(TurnSettings.defaults());
    CallLanguage language = new CallLanguage(detector);

    language.heard(Optional.empty());
    assertTrue(language.worthAsking(), "no language yet: the caller's first words may decide it");
    assertEquals(Signal.UTTERANCE_ENDED, pauseAfter(detector, "ich brauche hilfe mit"), "English until then");

    language.heard(Optional.of(new ConversationLanguage(LanguageTag.parse("de").orElseThrow(), Source.DETECTED)));
    assertFalse(language.worthAsking());
    assertEquals(Signal.NONE, pauseAfter(detector, "ich brauche hilfe mit"), "German: \"mit\" goes on");
  }

  /** What the recogniser's pause after {@code words} does, the frames quiet for 400 ms. */
  private static Signal pauseAfter(TurnDetector detector, String words) {
    for (int i = 0; i < 700 / FRAME; i++) detector.onFrame(0.9, FRAME);
    detector.heard(words);
    for (int i = 0; i < 400 / FRAME; i++) detector.onFrame(0.1, FRAME);
    Signal signal = detector.endIfQuiet();
    for (int i = 0; i < 1000 / FRAME; i++) detector.onFrame(0.1, FRAME);
    return signal;
  }
}
