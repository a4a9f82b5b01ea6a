package io.parley.voice.media;

import io.parley.core.language.LanguagePack;
import io.parley.core.language.Phrases;
import io.parley.core.language.Words;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a caller's words so far form something a person would answer: "where is my order now"
 * does, "my order number is", "I need help with" or "and um" do not. The turn detector ends a turn
 * after a short silence only when they do, and waits out the full silence otherwise, so a caller
 * who pauses mid-sentence is not cut off. A recogniser's words, as spoken (numbers as
 * words); unsure means incomplete, since waiting costs a few hundred milliseconds and cutting in
 * costs the caller's sentence. Pure, no model: a question (it opens with a question word or an
 * auxiliary) whose ending does not go on, a short answer ("yes it is", "no thanks") or words
 * closing with "please" or "thank you" are complete; a statement is not, however it ends, since a
 * recogniser's partial words mid-pause are often a wrong guess ("i need i'll" for "I need help
 * with").
 *
 * <p>The words are the call's conversation's language pack's ({@code turn.*} keys): {@code
 * turn.going.on} (conjunctions, prepositions, articles), {@code turn.fillers} (hesitations),
 * {@code turn.wanting} (verbs whose object is to come), {@code turn.numbers}, {@code
 * turn.auxiliaries} and {@code turn.pronouns} (a short answer: "yes it is"), {@code turn.saying}
 * and {@code turn.that} ("the problem is that"), {@code turn.short.answers}, {@code turn.closers}
 * and {@code turn.question.openers}. Matching folds case and accents, as the recogniser may or may
 * not write them.
 */
public final class UtteranceCompleteness {
  private UtteranceCompleteness() {}

  /** Whether {@code text}, English words heard so far, could be the whole utterance. */
  public static boolean isComplete(String text) {
    return isComplete(text, LanguagePack.english());
  }

  /** Whether {@code text}, the words heard so far in {@code pack}'s language, could be the whole utterance. */
  public static boolean isComplete(String text, LanguagePack pack) {
    List<String> words = words(text);
    if (words.isEmpty() || goesOn(words, pack)) return false;
    if (pack.phrases("turn.short.answers").isExactly(words, 0) || closes(words, pack.phrases("turn.closers"))) {
      return true;
    }
    // "yes it is", "I do": a short answer ending on its auxiliary.
    if (pack.phrases("turn.auxiliaries").has(words.get(words.size() - 1))) return true;
    return opensQuestion(words, pack);
  }

  /**
   * Whether English {@code text} ends in a way that goes on ("and", "my order number is", "I need"):
   * not merely unsure, as a statement is, but known to be unfinished.
   */
  public static boolean goesOn(String text) {
    return goesOn(text, LanguagePack.english());
  }

  /** The same in {@code pack}'s language. */
  public static boolean goesOn(String text, LanguagePack pack) {
    List<String> words = words(text);
    return !words.isEmpty() && goesOn(words, pack);
  }

  private static boolean goesOn(List<String> words, LanguagePack pack) {
    // "sí" is Spanish for "yes" and reads as "si", "if": a whole short answer is never unfinished.
    if (pack.phrases("turn.short.answers").isExactly(words, 0)) return false;
    String last = words.get(words.size() - 1);
    Phrases pronouns = pack.phrases("turn.pronouns");
    if (pack.phrases("turn.going.on").has(last) || pack.phrases("turn.fillers").has(last)
        || endsWith(words, pack.phrases("turn.wanting")) || isNumber(last, pack) || isPronounContraction(last, pronouns)) {
      return true;
    }
    String before = words.size() > 1 ? words.get(words.size() - 2) : "";
    boolean question = opensQuestion(words, pack);
    if (pack.phrases("turn.that").has(last) && pack.phrases("turn.saying").has(before) && !question) return true;
    // An auxiliary ends only a short answer after a pronoun; in a question or after a noun its verb is to come.
    if (pack.phrases("turn.auxiliaries").has(last)) return !(words.size() <= 3 && pronouns.has(before) && !question);
    // "can you", "is it": a question's opener and its subject, the question still to come.
    return words.size() == 2 && question && pronouns.has(last);
  }

  /**
   * Whether {@code text}, the words heard so far in {@code pack}'s language, is only short answers
   * and openers, which a caller often goes on from after a comma's pause ({@code
   * turn.short.answers} and {@code turn.lead.ins}: "yes", "no thanks", "okay", "well", "ja also",
   * "sí vale"): complete or not, more may follow ("yes, that is fine"), so the turn detector waits
   * longer before taking it for the whole utterance.
   */
  public static boolean leadsIn(String text, LanguagePack pack) {
    List<String> words = words(text);
    Phrases answers = pack.phrases("turn.short.answers");
    Phrases openers = pack.phrases("turn.lead.ins");
    int at = 0;
    while (at < words.size()) {
      int length = Math.max(answers.length(words, at), openers.length(words, at));
      if (length == 0) return false;
      at += length;
    }
    return !words.isEmpty();
  }

  private static boolean opensQuestion(List<String> words, LanguagePack pack) {
    return pack.phrases("turn.question.openers").length(words, 0) > 0;
  }

  /** Whether the words end with one of {@code phrases} ("I need", "ich möchte", "por favor"). */
  private static boolean endsWith(List<String> words, Phrases phrases) {
    for (int from = Math.max(0, words.size() - 3); from < words.size(); from++) {
      if (phrases.isExactly(words, from)) return true;
    }
    return false;
  }

  /** Words a request closes with ("please", "thank you"), after something asked. */
  private static boolean closes(List<String> words, Phrases closers) {
    for (int from = 1; from < words.size(); from++) {
      if (closers.isExactly(words, from)) return true;
    }
    return words.size() == 1 && closers.has(words.get(0));
  }

  /** "i'll", "we're", "it's": a subject and its verb's start, what they are about still to come. */
  private static boolean isPronounContraction(String word, Phrases pronouns) {
    int apostrophe = word.indexOf('\'');
    return apostrophe > 0 && pronouns.has(word.substring(0, apostrophe));
  }

  /**
   * Digits and numbers: a caller reading out a number pauses between groups ("five five five" ...
   * "one two three"), the case where shorter silences cut callers off.
   */
  private static boolean isNumber(String word, LanguagePack pack) {
    return pack.phrases("turn.numbers").has(word) || word.chars().allMatch(Character::isDigit);
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>(Words.words(text));
    // Vosk's small English model runs an opening "where is" together as "whereas", a word no caller
    // opens with: read as the question it was.
    if (!words.isEmpty() && words.get(0).equals("whereas")) words.set(0, "where");
    return words;
  }
}
