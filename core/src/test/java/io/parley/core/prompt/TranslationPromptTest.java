package io.parley.core.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguageTag;
import io.parley.core.llm.PromptMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The translation request names the language and carries the texts as a JSON array; an answer is
 * read only when it is one text for each: anything else is refused, never half a translation.
 */
class TranslationPromptTest {
  @Test
  void asksForTheLanguageWithTheTextsAsAJsonArray() {
    List<PromptMessage> messages = TranslationPrompt.messages("Acme Lamps", new LanguageTag("de"),
        List.of("Where is \"my\" parcel?", "Write to [EMAIL_1]"));
    assertTrue(messages.get(0).content().contains("into German (de)"), messages.get(0).content());
    assertTrue(messages.get(0).content().contains("Acme Lamps's support team"), messages.get(0).content());
    assertEquals("[\"Where is \\\"my\\\" parcel?\",\"Write to [EMAIL_1]\"]", messages.get(1).content());
  }

  @Test
  void readsOneTranslationForEachText() {
    assertEquals(List.of("Wo ist mein Paket?", "Schreiben Sie an [EMAIL_1]"),
        TranslationPrompt.read("{\"translations\": [\"Wo ist mein Paket?\", \"Schreiben Sie an [EMAIL_1]\"]}", 2));
  }

  @Test
  void refusesAnAnswerThatIsNotOneTranslationForEachText() {
    for (String answer : List.of("Wo ist mein Paket?", "{\"translations\": [\"Wo ist mein Paket?\"]}",
        "{\"text\": [\"a\", \"b\"]}", "{\"translations\": [\"a\", 2]}", "{\"translations\": [\"a\", \" \"]}", "[]")) {
      assertThrows(IllegalArgumentException.class, () -> TranslationPrompt.read(answer, 2), answer);
    }
  }
}
