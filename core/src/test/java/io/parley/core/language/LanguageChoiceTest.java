package io.parley.core.language;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.bot.BotConfig;
import io.parley.core.bot.BotConfigDocument;
import io.parley.core.bot.NodeLimits;
import io.parley.core.language.ConversationLanguage.Source;
import io.parley.core.session.PageContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LanguageChoiceTest {
  private static final LanguageTag GERMAN = LanguageTag.parse("de").orElseThrow();
  private static final LanguageTag FRENCH = LanguageTag.parse("fr").orElseThrow();

  @Test
  void theStartFramesLanguageComesFirstThenTheTenants() throws Exception {
    Optional<BotConfig> french = Optional.of(tenantIn("fr"));
    assertEquals(Optional.of(new ConversationLanguage(GERMAN, Source.START)), LanguageChoice.atStart(Optional.of(GERMAN), french));
    assertEquals(Optional.of(new ConversationLanguage(FRENCH, Source.TENANT)), LanguageChoice.atStart(Optional.empty(), french));
    assertEquals(Optional.empty(), LanguageChoice.atStart(Optional.empty(), Optional.of(BotConfig.empty())),
        "no language is ever guessed");
  }

  @Test
  void aPagesLanguageReplacesAnyButTheStartFramesAndOnlyWhenItIsNew() {
    PageContext germanPage = new PageContext(Map.of("language", "de-AT"));
    assertEquals(Optional.of(new ConversationLanguage(LanguageTag.parse("de-AT").orElseThrow(), Source.CONTEXT)),
        LanguageChoice.onPage(Optional.of(new ConversationLanguage(FRENCH, Source.TENANT)), germanPage));
    assertEquals(Optional.empty(), LanguageChoice.onPage(Optional.of(new ConversationLanguage(FRENCH, Source.START)), germanPage));
    assertEquals(Optional.empty(), LanguageChoice.onPage(
        Optional.of(new ConversationLanguage(LanguageTag.parse("de-AT").orElseThrow(), Source.CONTEXT)), germanPage));
    assertEquals(Optional.empty(), LanguageChoice.onPage(Optional.empty(), new PageContext(Map.of("plan", "pro"))));
  }

  @Test
  void theFirstMessagesTogetherDecideWhenNothingTheCustomersSideSaidDid() throws Exception {
    LanguageDetection detection = loadedDetection();
    Optional<ConversationLanguage> english = Optional.of(new ConversationLanguage(LanguageTag.parse("en").orElseThrow(), Source.TENANT));
    assertEquals(Optional.of(new ConversationLanguage(GERMAN, Source.DETECTED)), LanguageChoice.fromCustomer(english,
        List.of("Hallo!"), "Ich habe eine Frage zu meiner Rechnung", detection));
    assertEquals(Optional.empty(), LanguageChoice.fromCustomer(english, List.of(), "Hallo", detection),
        "too short to tell: the tenant's language stays, never a guess");
    assertEquals(Optional.empty(), LanguageChoice.fromCustomer(
        Optional.of(new ConversationLanguage(LanguageTag.parse("de-AT").orElseThrow(), Source.CONTEXT)),
        List.of(), "Ich habe eine Frage zu meiner Rechnung", detection), "the same language is no switch");
  }

  @Test
  void aCustomerWhoClearlyWritesInAnotherLanguageSwitchesIt() throws Exception {
    LanguageDetection detection = loadedDetection();
    Optional<ConversationLanguage> saidFrench = Optional.of(new ConversationLanguage(FRENCH, Source.START));
    assertEquals(Optional.of(new ConversationLanguage(GERMAN, Source.DETECTED)), LanguageChoice.fromCustomer(saidFrench,
        List.of(), "Ich möchte bitte mit einem Menschen sprechen, nicht mit einem Roboter", detection));
    assertEquals(Optional.empty(), LanguageChoice.fromCustomer(saidFrench, List.of(), "Danke sehr, das ist nett", detection),
        "a few words are no clear switch");
    assertEquals(Optional.empty(), LanguageChoice.fromCustomer(saidFrench, List.of(), "Ich möchte bitte mit einem Menschen sprechen",
        LanguageDetection.off()), "nothing changes while the models load");
  }

  /** A script decides the first messages, never a switch: that still takes a message of 30 letters. */
  @Test
  void aShortHebrewMessageDecidesAFirstMessageButSwitchesNothingSaid() throws Exception {
    LanguageDetection detection = loadedDetection();
    LanguageTag hebrew = LanguageTag.parse("he").orElseThrow();
    assertEquals(Optional.of(new ConversationLanguage(hebrew, Source.DETECTED)),
        LanguageChoice.fromCustomer(Optional.empty(), List.of("hi"), "איפה ההזמנה שלי?", detection));
    assertEquals(Optional.empty(), LanguageChoice.fromCustomer(Optional.of(new ConversationLanguage(FRENCH, Source.START)),
        List.of(), "איפה ההזמנה שלי?", detection));
  }

  private static LanguageDetection loadedDetection() throws Exception {
    if (LanguageDetectionTest.detection == null) LanguageDetectionTest.load();
    return LanguageDetectionTest.detection;
  }

  private static BotConfig tenantIn(String language) throws Exception {
    var document = new ObjectMapper().readTree("{\"widget\": {\"language\": \"" + language + "\"}}");
    var node = new BotConfigDocument.Node(Set.of(), 1024, Set.of(), new NodeLimits(16_000, 500_000, 20, 30_000,
        config -> 1_500 + config.modelParameters().maxTokens(1024)));
    return ((BotConfigDocument.Read.Valid) BotConfigDocument.read(document, node)).config();
  }
}
