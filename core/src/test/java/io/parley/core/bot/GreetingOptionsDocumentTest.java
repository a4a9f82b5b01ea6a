package io.parley.core.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.core.language.LanguageTag;
import io.parley.core.session.ReplyOption;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The replies a greeting offers to tap and the model's suggestions, as a configuration document sets them. */
class GreetingOptionsDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BotConfigDocument.Node NODE = new BotConfigDocument.Node(Set.of(), 1_024, Set.of(),
      new NodeLimits(16_000, 500_000, 20, 30_000, config -> 1_500 + config.modelParameters().maxTokens(1024)));

  private static BotConfigDocument.Read read(String document) throws Exception {
    return BotConfigDocument.read(JSON.readTree(document), NODE);
  }

  @Test
  void theGreetingOffersItsOptionsInTheConversationsLanguage() throws Exception {
    BotConfig config = ((BotConfigDocument.Read.Valid) read("""
        {"greetingOptions": [
          {"label": " Track my order ", "value": "Where is my order?",
           "translations": {"de": {"label": "Bestellung verfolgen", "value": "Wo ist meine Bestellung?"}}},
          {"label": "Return an item"}],
         "suggestReplies": true}
        """)).config();
    assertEquals(List.of(new ReplyOption("Track my order", "Where is my order?"),
        new ReplyOption("Return an item", "Return an item")), config.greetingOptions(Optional.empty()));
    assertEquals(List.of(new ReplyOption("Bestellung verfolgen", "Wo ist meine Bestellung?"),
        new ReplyOption("Return an item", "Return an item")), config.greetingOptions(LanguageTag.parse("de-AT")));
    assertTrue(config.suggestsReplies());
    assertEquals(List.of(), BotConfig.empty().greetingOptions(Optional.empty()));
  }

  @Test
  void aBadOptionIsNamedByItsField() throws Exception {
    String eleven = "[" + String.join(",", java.util.Collections.nCopies(11, "{\"label\": \"Yes\"}")) + "]";
    assertEquals(List.of("greetingOptions: at most 10 options"),
        ((BotConfigDocument.Read.Invalid) read("{\"greetingOptions\": " + eleven + "}")).problems());
    BotConfigDocument.Read read = read("""
        {"greetingOptions": [{"label": ""}, {"label": "%s", "value": 3},
          {"label": "Ok", "translations": {"xx-!": {"label": "Ja"}, "de": {"value": "Ja"}}}, "Ok"],
         "suggestReplies": "yes"}
        """.formatted("x".repeat(81)));
    assertEquals(List.of("greetingOptions[0].label: must be a non-empty string",
        "greetingOptions[1].label: at most 80 characters", "greetingOptions[1].value: must be a non-empty string",
        "greetingOptions[2].translations.xx-!: not a language tag (BCP 47, e.g. de or pt-BR)",
        "greetingOptions[2].translations.de.label: must be a non-empty string",
        "greetingOptions[3]: must be {\"label\": \"Track my order\", \"value\": \"Where is my order?\"}",
        "suggestReplies: must be true or false"),
        assertInstanceOf(BotConfigDocument.Read.Invalid.class, read).problems());
  }
}
