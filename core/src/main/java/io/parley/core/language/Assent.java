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

  /**
   * A caller's answer to being asked whether the call may be recorded: yes only in the
   * conversation's language ({@code words}); no in it or in any language the bot speaks
   * ({@link WidgetTexts#LANGUAGES}), for a refusal must be understood whatever language it comes in.
   */
  public static Assent toRecording(String said, LanguagePack words) {
    Assent inLanguage = of(said, words);
    if (inLanguage != UNCLEAR) return inLanguage;
    List<String> heard = Words.words(said);
    boolean refusedInAnother = WidgetTexts.LANGUAGES.stream().flatMap(language -> LanguagePack.find(language).stream())
        .anyMatch(pack -> pack.phrases("approval.no").occursIn(heard) && !pack.phrases("approval.yes").occursIn(heard));
    return refusedInAnother ? NO : UNCLEAR;
  }
}
