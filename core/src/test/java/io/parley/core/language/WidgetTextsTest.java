package io.parley.core.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class WidgetTextsTest {
  private static WidgetTexts.Chosen of(Map<String, Map<String, String>> overrides, String... wanted) {
    return WidgetTexts.of(Stream.of(wanted).map(tag -> LanguageTag.parse(tag).orElseThrow()), overrides);
  }

  @Test
  void aRegionalTagReadsItsLanguagesPackAndTheTenantsWordingGoesOverIt() {
    WidgetTexts.Chosen german = of(Map.of("de", Map.of("send", "Abschicken")), "de-AT");
    assertEquals("de-AT", german.language());
    assertEquals("Abschicken", german.texts().get("send"));
    assertEquals("Nachricht schreiben…", german.texts().get("placeholder"));
    assertEquals("{count} ungelesen", german.texts().get("unread"));
  }

  @Test
  void aLanguageWithoutPackFallsBackToTheTenantsThenEnglish() {
    assertEquals("fr", of(Map.of(), "ja", "fr").language());
    assertEquals("Envoyer", of(Map.of(), "ja", "fr").texts().get("send"));
    assertEquals("en", of(Map.of(), "ja").language());
    assertEquals("Send", of(Map.of(), "ja").texts().get("send"));
  }

  @Test
  void aTenantsOwnWordingGivesALanguageWithoutPackTheRestInEnglish() {
    WidgetTexts.Chosen japanese = of(Map.of("ja", Map.of("send", "送信")), "ja", "de");
    assertEquals("ja", japanese.language());
    assertEquals("送信", japanese.texts().get("send"));
    assertEquals("Write a message…", japanese.texts().get("placeholder"));
  }

  @Test
  void arabicAndHebrewHavePacks() {
    assertEquals("إرسال", of(Map.of(), "ar").texts().get("send"));
    assertEquals("שליחה", of(Map.of(), "he").texts().get("send"));
  }
}
