package io.parley.core.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AssentTest {
  private static final LanguagePack ENGLISH = LanguagePack.english();
  private static final LanguagePack GERMAN = LanguagePack.find("de").orElseThrow();

  @Test
  void aRecordingIsAgreedToInTheConversationsLanguageOnly() {
    assertEquals(Assent.YES, Assent.toRecording("Yes, that's fine", ENGLISH));
    assertEquals(Assent.YES, Assent.toRecording("ja gerne", GERMAN));
    assertEquals(Assent.UNCLEAR, Assent.toRecording("ja gerne", ENGLISH), "a yes in another language is no consent");
  }

  @Test
  void aRecordingIsRefusedInAnyLanguageTheBotSpeaks() {
    assertEquals(Assent.NO, Assent.toRecording("no thanks", ENGLISH));
    assertEquals(Assent.NO, Assent.toRecording("nein", ENGLISH));
    assertEquals(Assent.NO, Assent.toRecording("non merci", GERMAN));
    assertEquals(Assent.NO, Assent.toRecording("לא", ENGLISH));
    assertEquals(Assent.UNCLEAR, Assent.toRecording("what was that about my order", ENGLISH));
  }
}
