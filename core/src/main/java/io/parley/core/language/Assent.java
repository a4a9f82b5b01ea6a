package io.parley.core.language;

import java.util.List;

/**
 * A customer's yes or no to a question the bot asked (may it run a tool call?), read from their
 * words in the conversation's language: a caller's utterance, or the text an A2A client sends. Both
 * or neither is unclear, for nothing runs on an unclear word.
 */
public enum Assent {
  YES, NO, UNCLEAR;

  /** What {@code said} answers, by the phrases {@code approval.yes} and {@code approval.no} of {@code words}. */
  public static Assent of(String said, LanguagePack words) {
    List<String> heard = Words.words(said);
    boolean yes = words.phrases("approval.yes").occursIn(heard);
    boolean no = words.phrases("approval.no").occursIn(heard);
    return yes == no ? UNCLEAR : yes ? YES : NO;
  }
}
