package io.parley.core.gaps;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.Words;

/**
 * Whether a model's answer says it does not know (the conversation's language pack's
 * {@code gaps.unknown} phrases: "I don't know", "ich bin mir nicht sicher"), which makes the
 * question one the bot could not answer.
 */
public final class NotKnowing {
  private NotKnowing() {}

  public static boolean says(String answer, LanguagePack words) {
    return words.phrases("gaps.unknown").occursIn(Words.words(answer));
  }
}
