package io.parley.core.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A tenant's own texts: checked key by key at save, then read before the packs. */
class TextOverridesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aTenantsTextReplacesThePacksInItsLanguageOnly() throws Exception {
    List<String> problems = new ArrayList<>();
    TextOverrides texts = TextOverrides.read(JSON.readTree("""
        {"de": {"handoff.next": "Gleich ist jemand für Sie da ({wait}).", "greeting": "Moin!"}}"""), problems);
    assertEquals(List.of(), problems);
    Wording german = Wording.of(LanguageTag.parse("de-AT"), Optional.empty(), texts);
    assertEquals("Gleich ist jemand für Sie da (etwa 2 Minuten).",
        german.text("handoff.next", Map.of("wait", german.text("handoff.wait", Map.of("minutes", 2)))));
    assertEquals("Niemand aus unserem Support-Team konnte dies rechtzeitig übernehmen.",
        german.text("handoff.nobody-in-time").substring("Es tut mir leid: ".length()), "other keys: the pack's");
    assertEquals(Optional.of("Moin!"), texts.greeting(LanguageTag.parse("de").orElseThrow()));
    assertEquals(Optional.empty(), texts.greeting(LanguageTag.parse("fr").orElseThrow()));
    Wording french = Wording.of(LanguageTag.parse("fr"), Optional.empty(), texts);
    assertEquals("environ 1 minute", french.text("handoff.wait", Map.of("minutes", 1)));
  }

  @Test
  void theBotsNameIsWordedPerLanguageAndBoundedLikeTheName() throws Exception {
    List<String> problems = new ArrayList<>();
    TextOverrides texts = TextOverrides.read(JSON.readTree("""
        {"de": {"name": "Eva"}, "fr": {"name": "%s"}}""".formatted("x".repeat(TextOverrides.MAX_NAME + 1))), problems);
    assertEquals(List.of("texts.fr.name: at most " + TextOverrides.MAX_NAME + " characters"), problems);
    assertEquals(Optional.of("Eva"), texts.name(LanguageTag.parse("de-CH").orElseThrow()));
  }

  @Test
  void aTenantsTextMayChooseItsWordsByTheCount() throws Exception {
    List<String> problems = new ArrayList<>();
    TextOverrides texts = TextOverrides.read(JSON.readTree("""
        {"de": {"handoff.wait": "{minutes, plural, one {gleich} other {in # Min.}}"}}"""), problems);
    assertEquals(List.of(), problems);
    Wording german = Wording.of(LanguageTag.parse("de"), Optional.empty(), texts);
    assertEquals("gleich", german.text("handoff.wait", Map.of("minutes", 1)));
    assertEquals("in 12 Min.", german.text("handoff.wait", Map.of("minutes", 12)));
  }

  @Test
  void theWaitsTwoFormerTextsOfAVersionSavedBeforeWordItsCountPattern() throws Exception {
    List<String> problems = new ArrayList<>();
    TextOverrides saved = TextOverrides.read(JSON.readTree("""
        {"de": {"handoff.wait.one": "gleich", "handoff.wait.other": "in {minutes} Min."},
         "fr": {"handoff.wait.other": "dans {minutes} min"}}"""), problems);
    assertEquals(List.of(), problems, "a document saved before is not refused");
    Wording german = Wording.of(LanguageTag.parse("de"), Optional.empty(), saved);
    assertEquals("gleich", german.text("handoff.wait", Map.of("minutes", 1)));
    assertEquals("in 12 Min.", german.text("handoff.wait", Map.of("minutes", 12)));
    Wording french = Wording.of(LanguageTag.parse("fr"), Optional.empty(), saved);
    assertEquals("dans 1 min", french.text("handoff.wait", Map.of("minutes", 1)), "the other count alone words every count");

    TextOverrides journaled = JSON.readValue("""
        {"de": {"handoff.wait.one": "gleich", "handoff.wait.other": "in {minutes} Min."}}""", TextOverrides.class);
    assertEquals(Map.of("de", Map.of("handoff.wait", "{minutes, plural, one {gleich} other {in {minutes} Min.}}")),
        journaled.byLanguage(), "as a version in the journal reads");
  }

  @Test
  void aTextThatLosesOrInventsAPlaceholderAnUnknownKeyOrLanguageIsRefusedByName() throws Exception {
    List<String> problems = new ArrayList<>();
    JsonNode document = JSON.readTree("""
        {"de": {"handoff.position": "Sie sind bald dran.", "handoff.wait": "{minutes} Min. {seconds}",
                "handoff.waiting": "?", "handoff.ticket": "Ticket {ticket: {response}"},
         "klingon": {"handoff.next": "{wait}"},
         "fr": "no"}""");
    TextOverrides.read(document, problems);
    assertEquals(List.of(
        "texts.de.handoff.position: must keep the placeholder {position}",
        "texts.de.handoff.position: must keep the placeholder {wait}",
        "texts.de.handoff.wait: has no placeholder {seconds} (it has {minutes})",
        "texts.de.handoff.waiting: not a text (see docs/languages.md for the keys)",
        "texts.de.handoff.ticket: a brace must open or close a placeholder ({name}, or a count's"
            + " {minutes, plural, one {...} other {...}})",
        "texts.klingon: klingon is not a language tag (BCP 47, e.g. de or pt-BR)",
        "texts.fr: must be an object of texts by key"), problems);
  }
}
