package io.parley.core.language;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The texts of every language pack: complete, and each keeping the English text's placeholders. */
class TextPackTest {
  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es", "it", "pt", "nl", "ar", "he"})
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

  @ParameterizedTest
  @ValueSource(strings = {"de", "fr", "es", "it", "nl"})
  void everyInformalTextIsOneOfThePacksWithItsPlaceholdersInTheOtherForm(String language) {
    TextPack pack = TextPack.find(language).orElseThrow();
    TextPack informal = TextPack.informal(language).orElseThrow();
    List<String> wrong = new ArrayList<>();
    for (String key : informal.keys()) {
      Optional<String> formal = pack.own(key);
      if (formal.isEmpty()) {
        wrong.add(key + " is no text of the " + language + " pack");
      } else if (!TextPack.placeholders(formal.get()).equals(TextPack.placeholders(informal.own(key).orElseThrow()))) {
        wrong.add(key + " has other placeholders than the formal text");
      } else if (formal.equals(informal.own(key))) {
        wrong.add(key + " is the formal text");
      }
    }
    assertEquals(List.of(), wrong);
    assertTrue(informal.keys().contains("handoff.next"), "the queue's notice addresses the customer");
  }

  @Test
  void aTenantThatAddressesItsCustomersInformallyHasTheInformalTextsAndItsOwnOverThem() {
    TextOverrides du = TextOverrides.read(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(
        Map.of("de", Map.of("formality", "informal", "handoff.meanwhile", "{assistant} bleibt für dich da."))), new ArrayList<>());
    Wording informal = Wording.of(Optional.of(new LanguageTag("de")), Optional.empty(), du);
    assertTrue(informal.text("handoff.next", Map.of("wait", "gleich")).startsWith(
        "Ich habe eine Person aus unserem Support-Team gebeten, dazuzukommen; du bist als Nächstes"), informal.text("handoff.next",
        Map.of("wait", "gleich")));
    assertEquals("Mia bleibt für dich da.", informal.text("handoff.meanwhile", Map.of("assistant", "Mia")), "the tenant's own first");
    assertEquals("Gerade ist niemand aus unserem Support-Team online, daher kann niemand diesem Chat beitreten.",
        informal.text("handoff.nobody-online"), "a text that addresses nobody is the pack's");
    Wording formal = Wording.of(Optional.of(new LanguageTag("de")), Optional.empty(), TextOverrides.NONE);
    assertTrue(formal.text("handoff.next", Map.of("wait", "gleich")).contains("Sie sind als Nächstes"));
    List<String> problems = new ArrayList<>();
    TextOverrides.read(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of("de", Map.of("formality", "casual"))),
        problems);
    assertEquals(List.of("texts.de.formality: must be formal or informal"), problems);
  }

  @Test
  void onlyALanguageWithTwoFormsOfAddressMayBeSetInformal() {
    for (String language : List.of("en", "de", "fr", "es", "it", "pt", "nl", "ar", "he")) {
      assertEquals(TextOverrides.INFORMAL_LANGUAGES.contains(language), TextPack.informal(language).isPresent(), language);
    }
    List<String> problems = new ArrayList<>();
    TextOverrides read = TextOverrides.read(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(Map.of(
        "pt", Map.of("formality", "informal"), "it", Map.of("formality", "informal"), "ar", Map.of("formality", "formal"))), problems);
    assertEquals(List.of("texts.pt.formality: the pt texts have one form of address; informal is for de, es, fr, it, nl"), problems);
    assertTrue(read.informal("it"));
    Wording tu = Wording.of(Optional.of(new LanguageTag("it")), Optional.empty(), read);
    assertTrue(tu.text("handoff.next", Map.of("wait", "subito")).contains("sei il prossimo in coda"), tu.text("handoff.next", Map.of("wait", "subito")));
    Wording lei = Wording.of(Optional.of(new LanguageTag("it")), Optional.empty(), TextOverrides.NONE);
    assertTrue(lei.text("contact.mail.body", Map.of("agent", "Dana", "reply", "Ciao")).startsWith("Dana del nostro team di assistenza le ha risposto"),
        "the formal pack addresses the customer formally throughout");
  }

  @Test
  void placeholdersAreFilledAndOthersLeftAsWritten() {
    assertEquals(Set.of("position", "wait"), TextPack.placeholders("number {position} in line ({wait}), {position}"));
    assertEquals("number 2 in line ({wait})",
        TextPack.fill("number {position} in line ({wait})", Map.of("position", 2), Locale.ENGLISH));
    assertEquals("costs {1} $5 {x}", TextPack.fill("costs {1} {price}", Map.of("price", "$5 {x}"), Locale.ENGLISH),
        "a value is taken as written");
    assertEquals("l'agent Sam", TextPack.fill("l'agent {agent}", Map.of("agent", "Sam"), Locale.FRENCH),
        "an apostrophe is a letter, not a quote");
    assertEquals(Set.of("minutes", "agent"),
        TextPack.placeholders("{minutes, plural, one {# minute} other {# minutes with {agent}}}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"en", "de", "fr", "es", "it", "pt", "nl", "ar", "he"})
  void everyTextIsAMessagePatternAndEveryCountHasTheFormsOfItsLanguage(String language) {
    TextPack pack = TextPack.find(language).orElseThrow();
    Wording wording = Wording.of(LanguageTag.parse(language), Optional.empty(), TextOverrides.NONE);
    for (String key : pack.keys()) assertTrue(TextPack.isPattern(pack.text(key).orElseThrow()), language + " " + key);
    for (int minutes : new int[] {0, 1, 2, 3, 11, 100}) {
      assertTrue(wording.text("handoff.wait", Map.of("minutes", minutes)).matches("[^{}#]+"),
          language + " writes " + minutes + " minutes out");
    }
  }

  @Test
  void arabicCountsTakeTheirSixPluralForms() {
    Wording arabic = Wording.of(LanguageTag.parse("ar"), Optional.empty(), TextOverrides.NONE);
    Map<Integer, String> written = new LinkedHashMap<>();
    for (int minutes : new int[] {0, 1, 2, 3, 10, 11, 99, 100, 102, 103}) {
      written.put(minutes, arabic.text("handoff.wait", Map.of("minutes", minutes)));
    }
    assertEquals(Map.of(
        0, "أقل من دقيقة",
        1, "حوالي دقيقة واحدة",
        2, "حوالي دقيقتين",
        3, "حوالي 3 دقائق", 10, "حوالي 10 دقائق", 103, "حوالي 103 دقائق",
        11, "حوالي 11 دقيقة", 99, "حوالي 99 دقيقة",
        100, "حوالي 100 دقيقة", 102, "حوالي 102 دقيقة"), written);
  }

  @Test
  void aRightToLeftTextIsolatesTheValuesItInserts() {
    Wording arabic = Wording.of(LanguageTag.parse("ar"), Optional.empty(), TextOverrides.NONE);
    assertTrue(arabic.rightToLeft());
    assertEquals("انضم \u2068Sam Lee\u2069 من فريق الدعم إلى المحادثة.",
        arabic.text("handoff.agent-joined", Map.of("agent", "Sam Lee")));
    String ticket = arabic.text("handoff.ticket", Map.of("ticket", "T-1001", "response", "خلال يوم عمل واحد"));
    assertTrue(ticket.contains("\u2068T-1001\u2069؛"), ticket);
    assertTrue(ticket.endsWith("."), "an Arabic sentence ends at the left, after the values: " + ticket);
    Wording german = Wording.of(LanguageTag.parse("de"), Optional.empty(), TextOverrides.NONE);
    assertEquals("Sam Lee aus unserem Support-Team ist dem Gespräch beigetreten.",
        german.text("handoff.agent-joined", Map.of("agent", "Sam Lee")), "left to right needs no isolation");
  }

  @Test
  void aLanguageWithoutTextsReadsTheTenantsThenEnglish() {
    assertEquals("de", Wording.of(LanguageTag.parse("ja"), LanguageTag.parse("de"), TextOverrides.NONE).language());
    assertEquals("en", Wording.of(LanguageTag.parse("ja"), Optional.empty(), TextOverrides.NONE).language());
    assertEquals("fr", Wording.of(LanguageTag.parse("fr-CA"), LanguageTag.parse("de"), TextOverrides.NONE).language());
    assertTrue(Wording.of(LanguageTag.parse("es"), Optional.empty(), TextOverrides.NONE)
        .text("handoff.wait", Map.of("minutes", 4)).contains("4 minutos"));
  }

  @Test
  void aKeyAPackLeavesOutReadsTheEnglishText() {
    Wording esperanto = Wording.of(LanguageTag.parse("eo"), Optional.empty(), TextOverrides.NONE);
    assertEquals("eo", esperanto.language());
    assertEquals("proksimume 4 minutoj", esperanto.text("handoff.wait", Map.of("minutes", 4)));
    assertEquals("The agent", esperanto.text("handoff.unnamed-agent"));
    assertEquals(Optional.empty(), TextPack.find("eo").orElseThrow().text("handoff.unnamed-agent"));
  }
}
