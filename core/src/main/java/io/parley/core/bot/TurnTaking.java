package io.parley.core.bot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A tenant's turn-taking on its calls (the {@code voice.turns} of its bot configuration,
 * docs/voice.md#turn-end): the silences that end a caller's turn, and the words said over the bot
 * that do not stop it. What is unset is the node's. Each wait is bounded ({@link #MAX_UNFINISHED_MS}
 * at most), so no setting keeps a call from ending a turn.
 *
 * @param completeUtteranceMs the silence that ends a turn whose words are complete ("where is my
 *     order"); 0 waits as long as for any other words
 * @param endOfUtteranceMs the silence that ends a turn whose words are neither complete nor go on
 * @param unfinishedUtteranceMs the silence that ends a turn whose words go on ("my order number is")
 * @param backchannels per language (ISO 639-1, lower case), the words that said over the bot do not
 *     stop it ("mm-hm", "okay"), instead of the language pack's; a language not listed keeps the pack's
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TurnTaking(Optional<Integer> completeUtteranceMs, Optional<Integer> endOfUtteranceMs,
    Optional<Integer> unfinishedUtteranceMs, Map<String, List<String>> backchannels) {
  public static final int MAX_COMPLETE_MS = 1_000;
  public static final int MIN_END_OF_UTTERANCE_MS = 200;
  public static final int MAX_END_OF_UTTERANCE_MS = 3_000;
  public static final int MIN_UNFINISHED_MS = 300;
  /** The longest any turn waits in silence once its caller stopped speaking. */
  public static final int MAX_UNFINISHED_MS = 5_000;
  public static final int MAX_LANGUAGES = 20;
  public static final int MAX_BACKCHANNELS = 50;
  public static final int MAX_BACKCHANNEL_CHARACTERS = 40;
  /** A backchannel is a few words: letters, with spaces, hyphens or apostrophes between them. */
  public static final String BACKCHANNEL_PATTERN = "^\\p{L}+([ '’-]\\p{L}+){0,3}$";

  public TurnTaking {
    completeUtteranceMs = completeUtteranceMs == null ? Optional.empty() : completeUtteranceMs;
    endOfUtteranceMs = endOfUtteranceMs == null ? Optional.empty() : endOfUtteranceMs;
    unfinishedUtteranceMs = unfinishedUtteranceMs == null ? Optional.empty() : unfinishedUtteranceMs;
    // Sorted by language, so that the configuration is written the same every time.
    TreeMap<String, List<String>> sorted = new TreeMap<>();
    if (backchannels != null) backchannels.forEach((language, words) -> sorted.put(language, List.copyOf(words)));
    backchannels = Collections.unmodifiableSortedMap(sorted);
  }

  public static TurnTaking none() {
    return new TurnTaking(Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }

  /** The tenant's backchannels in {@code language} (its primary subtag), when it lists them. */
  public Optional<List<String>> backchannelsIn(String language) {
    return Optional.ofNullable(backchannels.get(language));
  }
}
