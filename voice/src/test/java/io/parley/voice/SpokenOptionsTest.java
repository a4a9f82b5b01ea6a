package io.parley.voice;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.ReplyOption;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replies a bot message offers to tap, read to a caller as a list in the conversation's language. */
class SpokenOptionsTest {
  private static final List<ReplyOption> OPTIONS = List.of(new ReplyOption("Track my **order**", "Where is my order?"),
      new ReplyOption("Change the address", "x"), new ReplyOption("Return an item", "Return an item"));

  private static LanguagePack pack(String language) {
    return LanguagePack.of(LanguageTag.parse(language));
  }

  @Test
  void theLabelsAreReadAsAListInTheConversationsLanguage() {
    assertEquals("You can say: Track my order, Change the address, or Return an item.", SpokenOptions.of(OPTIONS, pack("en")));
    assertEquals("You can say: Track my order, or Return an item.",
        SpokenOptions.of(List.of(OPTIONS.get(0), OPTIONS.get(2)), pack("en")));
    assertEquals("You can say: Return an item.", SpokenOptions.of(List.of(OPTIONS.get(2)), pack("en")));
    assertEquals("Sie können sagen: Track my order, Change the address oder Return an item.", SpokenOptions.of(OPTIONS, pack("de")));
  }

  @Test
  void everyLanguagePackHasItsOwnWords() {
    for (String language : List.of("de", "fr", "es", "ar", "he", "it", "nl", "pt")) {
      String said = SpokenOptions.of(OPTIONS, pack(language));
      assertTrue(said.contains("Track my order") && said.contains("Return an item"), language + ": " + said);
      assertFalse(said.contains("{") || said.startsWith("You can say"), language + ": " + said);
    }
    assertEquals("options-7", SpokenOptions.key(7));
    assertFalse(AnswerCuts.isBotTurn(SpokenOptions.key(7)), "never cut as an answer");
  }
}
