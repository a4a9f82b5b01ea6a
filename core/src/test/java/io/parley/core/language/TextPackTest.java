package io.parley.core.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The texts of every language pack: complete, and each keeping the English text's placeholders. */
class TextPackTest {
  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es", "it", "pt", "nl"})
  void everyPackHasEveryTextWithTheEnglishPlaceholders(String language) {
    TextPack english = TextPack.english();
    TextPack pack = TextPack.find(language).orElseThrow();
    assertEquals(english.keys(), pack.keys(), "the " + language + " texts have the English keys, no more and no fewer");
    List<String> wrong = new ArrayList<>();
    for (String key : english.keys()) {
      Set<String> needed = TextPack.placeholders(english.text(key).orElseThrow());
      Set<String> written = TextPack.placeholders(pack.text(key).orElseThrow());
      if (!needed.equals(written)) wrong.add(key + " has " + written + ", English " + needed);
      if (pack.text(key).orElseThrow().equals(english.text(key).orElseThrow()) && pack.text(key).get().length() > 12) {
        wrong.add(key + " is the English text");
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void placeholdersAreFilledAndOthersLeftAsWritten() {
    assertEquals(Set.of("position", "wait"), TextPack.placeholders("number {position} in line ({wait}), {position}"));
    assertEquals("number 2 in line ({wait})", TextPack.fill("number {position} in line ({wait})", Map.of("position", "2")));
    assertEquals("costs {1} $5", TextPack.fill("costs {1} {price}", Map.of("price", "$5")), "a value is taken as written");
  }

  @Test
  void aLanguageWithoutTextsReadsTheTenantsThenEnglish() {
    assertEquals("de", Wording.of(LanguageTag.parse("ja"), LanguageTag.parse("de"), TextOverrides.NONE).language());
    assertEquals("en", Wording.of(LanguageTag.parse("ja"), Optional.empty(), TextOverrides.NONE).language());
    assertEquals("fr", Wording.of(LanguageTag.parse("fr-CA"), LanguageTag.parse("de"), TextOverrides.NONE).language());
    assertTrue(Wording.of(LanguageTag.parse("es"), Optional.empty(), TextOverrides.NONE)
        .text("handoff.wait.other", Map.of("minutes", "4")).contains("4 minutos"));
  }

  @Test
  void aKeyAPackLeavesOutReadsTheEnglishText() {
    Wording esperanto = Wording.of(LanguageTag.parse("eo"), Optional.empty(), TextOverrides.NONE);
    assertEquals("eo", esperanto.language());
    assertEquals("proksimume 1 minuto", esperanto.text("handoff.wait.one"));
    assertEquals("about 4 minutes", esperanto.text("handoff.wait.other", Map.of("minutes", "4")));
    assertEquals(Optional.empty(), TextPack.find("eo").orElseThrow().text("handoff.wait.other"));
  }
}
