package io.parley.core.bot;

import static io.parley.core.bot.DocumentFields.settingsObject;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code turns} of a bot configuration's {@code voice} ({@link TurnTaking}):
 * {@code {"completeUtteranceMs": 0-1000, "endOfUtteranceMs": 200-3000, "unfinishedUtteranceMs":
 * 300-5000, "backchannels": {"en": ["mm hm", "okay"]}}}, each optional. Set together, the waits must
 * keep their order (complete, then the end of an utterance, then an unfinished one); each problem
 * is named under {@code turns}.
 */
final class TurnTakingFields {
  private static final String LANGUAGE = "[a-z]{2,3}";

  private TurnTakingFields() {}

  static Optional<TurnTaking> turns(JsonNode voice, List<String> problems) {
    Optional<JsonNode> object = settingsObject(voice, "turns",
        List.of("backchannels", "completeUtteranceMs", "endOfUtteranceMs", "unfinishedUtteranceMs"), "setting", problems);
    if (object.isEmpty()) return Optional.empty();
    JsonNode value = object.get();
    Optional<Integer> complete = millis(value, "completeUtteranceMs", 0, TurnTaking.MAX_COMPLETE_MS,
        "the silence that ends a complete question (0: as long as for other words)", problems);
    Optional<Integer> end = millis(value, "endOfUtteranceMs", TurnTaking.MIN_END_OF_UTTERANCE_MS,
        TurnTaking.MAX_END_OF_UTTERANCE_MS, "the silence that ends a turn", problems);
    Optional<Integer> unfinished = millis(value, "unfinishedUtteranceMs", TurnTaking.MIN_UNFINISHED_MS,
        TurnTaking.MAX_UNFINISHED_MS, "the silence that ends words that go on", problems);
    if (complete.isPresent() && end.isPresent() && complete.get() > end.get()) {
      problems.add("turns.completeUtteranceMs: at most endOfUtteranceMs (" + end.get() + "): a complete question never"
          + " waits longer than other words");
    }
    if (unfinished.isPresent() && end.isPresent() && unfinished.get() < end.get()) {
      problems.add("turns.unfinishedUtteranceMs: at least endOfUtteranceMs (" + end.get() + "): words that go on never"
          + " wait less than other words");
    }
    return Optional.of(new TurnTaking(complete, end, unfinished, backchannels(value.get("backchannels"), problems)));
  }

  private static Optional<Integer> millis(JsonNode object, String field, int min, int max, String meaning,
      List<String> problems) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) return Optional.empty();
    if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
      problems.add("turns." + field + ": must be a whole number of milliseconds from " + min + " to " + max + ", "
          + meaning);
      return Optional.empty();
    }
    return Optional.of(value.intValue());
  }

  private static Map<String, List<String>> backchannels(JsonNode value, List<String> problems) {
    Map<String, List<String>> languages = new LinkedHashMap<>();
    if (value == null || value.isNull()) return languages;
    if (!value.isObject() || value.size() > TurnTaking.MAX_LANGUAGES) {
      problems.add("turns.backchannels: an object of at most " + TurnTaking.MAX_LANGUAGES
          + " languages, each a list of words, such as {\"en\": [\"mm hm\", \"okay\"]}");
      return languages;
    }
    value.fields().forEachRemaining(language -> {
      String field = "turns.backchannels." + language.getKey();
      if (!language.getKey().matches(LANGUAGE)) {
        problems.add(field + ": not a language; name each by its ISO 639-1 code in lower case, such as \"en\"");
      } else {
        languages.put(language.getKey(), words(field, language.getValue(), problems));
      }
    });
    return languages;
  }

  private static List<String> words(String field, JsonNode value, List<String> problems) {
    if (!value.isArray() || value.size() > TurnTaking.MAX_BACKCHANNELS) {
      problems.add(field + ": a list of at most " + TurnTaking.MAX_BACKCHANNELS + " words or short phrases");
      return List.of();
    }
    List<String> words = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode word = value.get(i);
      String text = word.isTextual() ? word.asText().strip() : "";
      if (text.length() > TurnTaking.MAX_BACKCHANNEL_CHARACTERS || !text.matches(TurnTaking.BACKCHANNEL_PATTERN)) {
        problems.add(field + "[" + i + "]: one to four words of letters (such as \"mm hm\"), at most "
            + TurnTaking.MAX_BACKCHANNEL_CHARACTERS + " characters");
      } else {
        words.add(text);
      }
    }
    return words;
  }
}
