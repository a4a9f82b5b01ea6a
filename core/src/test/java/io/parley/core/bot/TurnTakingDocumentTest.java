package io.parley.core.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TurnTakingDocumentTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BotConfigDocument.Node NODE = new BotConfigDocument.Node(Set.of("kb_search"), 1024,
      Set.of("primary"), new NodeLimits(16_000, 500_000, 20, 30_000, config -> 1_500));

  @Test
  void aTenantSetsItsCallsWaitsAndBackchannels() throws Exception {
    BotConfig config = valid("{\"voice\": {\"turns\": {\"completeUtteranceMs\": 300, \"endOfUtteranceMs\": 800,"
        + " \"unfinishedUtteranceMs\": 2500, \"backchannels\": {\"en\": [\"mm hm\", \" right on \"], \"de\": []}}}}");
    assertEquals(new TurnTaking(Optional.of(300), Optional.of(800), Optional.of(2500),
        Map.of("de", List.of(), "en", List.of("mm hm", "right on"))), config.voicePreferences().turnTaking());
    assertEquals(Optional.of(List.of()), config.voicePreferences().turnTaking().backchannelsIn("de"));
    assertEquals(Optional.empty(), config.voicePreferences().turnTaking().backchannelsIn("es"), "the pack's");
    assertEquals(TurnTaking.none(), valid("{\"voice\": {\"tier\": \"local\"}}").voicePreferences().turnTaking());
    assertEquals(Optional.of(0), valid("{\"voice\": {\"turns\": {\"completeUtteranceMs\": 0}}}").voicePreferences()
        .turnTaking().completeUtteranceMs(), "0 turns the shorter wait off");
  }

  @Test
  void noWaitCanKeepATurnFromEnding() throws Exception {
    assertEquals(List.of("voice.turns.unfinishedUtteranceMs: must be a whole number of milliseconds from 300 to 5000,"
            + " the silence that ends words that go on"),
        problems("{\"voice\": {\"turns\": {\"unfinishedUtteranceMs\": 60000}}}"));
    assertEquals(List.of("voice.turns.endOfUtteranceMs: must be a whole number of milliseconds from 200 to 3000,"
            + " the silence that ends a turn"),
        problems("{\"voice\": {\"turns\": {\"endOfUtteranceMs\": 100}}}"));
    assertEquals(List.of("voice.turns.completeUtteranceMs: must be a whole number of milliseconds from 0 to 1000,"
            + " the silence that ends a complete question (0: as long as for other words)"),
        problems("{\"voice\": {\"turns\": {\"completeUtteranceMs\": \"fast\"}}}"));
  }

  @Test
  void waitsSetTogetherKeepTheirOrder() throws Exception {
    assertEquals(List.of("voice.turns.completeUtteranceMs: at most endOfUtteranceMs (500): a complete question never"
            + " waits longer than other words",
        "voice.turns.unfinishedUtteranceMs: at least endOfUtteranceMs (500): words that go on never wait less than"
            + " other words"),
        problems("{\"voice\": {\"turns\": {\"completeUtteranceMs\": 700, \"endOfUtteranceMs\": 500,"
            + " \"unfinishedUtteranceMs\": 400}}}"));
  }

  @Test
  void backchannelsAreFewShortWordsOfALanguage() throws Exception {
    assertEquals(List.of("voice.turns.backchannels.english: not a language; name each by its ISO 639-1 code in lower"
            + " case, such as \"en\"",
        "voice.turns.backchannels.de[1]: one to four words of letters (such as \"mm hm\"), at most 40 characters",
        "voice.turns.backchannels.de[2]: one to four words of letters (such as \"mm hm\"), at most 40 characters"),
        problems("{\"voice\": {\"turns\": {\"backchannels\": {\"english\": [\"okay\"], \"de\": [\"genau\", \"*\", 7]}}}}"));
    assertEquals(List.of("voice.turns.backchannels.en: a list of at most 50 words or short phrases"),
        problems("{\"voice\": {\"turns\": {\"backchannels\": {\"en\": \"okay\"}}}}"));
    assertEquals(List.of("voice.turns.pause: not a setting (known: backchannels, completeUtteranceMs, endOfUtteranceMs,"
            + " unfinishedUtteranceMs)"),
        problems("{\"voice\": {\"turns\": {\"pause\": 1}}}"));
  }

  private static BotConfig valid(String document) throws Exception {
    return ((BotConfigDocument.Read.Valid) BotConfigDocument.read(JSON.readTree(document), NODE)).config();
  }

  private static List<String> problems(String document) throws Exception {
    return ((BotConfigDocument.Read.Invalid) BotConfigDocument.read(JSON.readTree(document), NODE)).problems();
  }
}
