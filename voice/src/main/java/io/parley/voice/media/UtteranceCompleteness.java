package io.parley.voice.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Whether a caller's words so far form something a person would answer: "where is my order now"
 * does, "my order number is", "I need help with" or "and um" do not. The turn detector ends a turn
 * after a short silence only when they do, and waits out the full silence otherwise, so a caller
 * who pauses mid-sentence is not cut off. A recogniser's English words, as spoken (numbers as
 * words); unsure means incomplete, since waiting costs a few hundred milliseconds and cutting in
 * costs the caller's sentence. Pure, no model: a question (it opens with a question word or an
 * auxiliary) whose ending does not go on, a short answer ("yes it is", "no thanks") or words
 * closing with "please" or "thank you" are complete; a statement is not, however it ends, since a
 * recogniser's partial words mid-pause are often a wrong guess ("i need i'll" for "I need help
 * with").
 */
public final class UtteranceCompleteness {
  /** Words a sentence does not end on: it goes on after a conjunction, a preposition or an article. */
  private static final Set<String> CONTINUING = Set.of(
      "and", "or", "but", "because", "cause", "if", "than", "which", "whose", "while", "unless", "until", "whether",
      "although", "though", "nor", "plus", "like",
      "to", "for", "of", "at", "with", "from", "by", "about", "into", "onto", "under", "between", "through",
      "without", "via", "per", "against", "towards", "toward", "regarding", "as",
      "a", "an", "the", "my", "your", "our", "their", "his", "her", "its", "these", "those", "every", "each",
      "another", "very", "really", "just");
  /** Hesitations: the caller is thinking, not done. */
  private static final Set<String> FILLERS = Set.of("um", "uh", "er", "erm", "uhm", "hmm", "mm", "ah", "eh", "huh");
  /** An auxiliary ends a short answer after a pronoun ("yes it is", "I can"), otherwise its verb is to come. */
  private static final Set<String> AUXILIARIES = Set.of(
      "is", "are", "was", "were", "am", "be", "been", "do", "does", "did", "have", "has", "had", "can", "could",
      "will", "would", "shall", "should", "may", "might", "must");
  /** Verbs whose object is still to come: "I need", "I was wondering". */
  private static final Set<String> WANTING = Set.of(
      "want", "wanted", "need", "needed", "wanna", "gonna", "gotta", "let", "wondering", "trying", "going", "mean",
      "hoping", "looking", "calling", "asking");
  /** Verbs after which a final "that" opens a clause ("the problem is that"), not a thing ("what is that"). */
  private static final Set<String> SAYING = Set.of(
      "is", "was", "said", "says", "say", "think", "thought", "know", "knew", "mean", "told", "hope", "believe",
      "see", "saw", "heard", "noticed", "realised", "realized", "sure", "so");
  private static final Set<String> PRONOUNS = Set.of("i", "you", "we", "they", "he", "she", "it", "that", "there", "this");
  /** Answers complete in themselves, as a whole utterance. */
  private static final Set<String> SHORT_ANSWERS = Set.of(
      "yes", "yeah", "yep", "no", "nope", "ok", "okay", "sure", "thanks", "hello", "hi", "bye", "goodbye",
      "correct", "right", "exactly", "yes thanks", "no thanks", "thank you", "that's all", "that's it", "that's right");
  /** Words a request closes with. */
  private static final Set<String> CLOSERS = Set.of("please", "thanks");
  /** Opens a question: with nothing after its subject ("can you", "where is"), it is unfinished. */
  private static final Set<String> QUESTION_OPENERS = Set.of(
      "what", "where", "when", "why", "how", "who", "which", "whose", "can", "could", "would", "will", "do", "does",
      "did", "is", "are", "should", "may");
  /**
   * Digits and numbers: a caller reading out a number pauses between groups ("five five five" ...
   * "one two three"), the case where shorter silences cut callers off.
   */
  private static final Set<String> NUMBERS = Set.of(
      "zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
      "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty",
      "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "double", "triple");

  private UtteranceCompleteness() {}

  /** Whether {@code text}, the words heard so far, could be the whole utterance. */
  public static boolean isComplete(String text) {
    List<String> words = words(text);
    if (words.isEmpty() || goesOn(words)) return false;
    String all = String.join(" ", words);
    String last = words.get(words.size() - 1);
    if (SHORT_ANSWERS.contains(all) || CLOSERS.contains(last) || all.endsWith(" thank you")) return true;
    // "yes it is", "I do": a short answer ending on its auxiliary.
    if (AUXILIARIES.contains(last)) return true;
    return QUESTION_OPENERS.contains(words.get(0));
  }

  /**
   * Whether {@code text} ends in a way that goes on ("and", "my order number is", "I need"): not
   * merely unsure, as a statement is, but known to be unfinished.
   */
  public static boolean goesOn(String text) {
    List<String> words = words(text);
    return !words.isEmpty() && goesOn(words);
  }

  private static boolean goesOn(List<String> words) {
    String last = words.get(words.size() - 1);
    if (CONTINUING.contains(last) || FILLERS.contains(last) || WANTING.contains(last) || isNumber(last)
        || isPronounContraction(last)) return true;
    String before = words.size() > 1 ? words.get(words.size() - 2) : "";
    boolean question = QUESTION_OPENERS.contains(words.get(0));
    if (last.equals("that") && SAYING.contains(before) && !question) return true;
    // An auxiliary ends only a short answer after a pronoun; in a question or after a noun its verb is to come.
    if (AUXILIARIES.contains(last)) return !(words.size() <= 3 && PRONOUNS.contains(before) && !question);
    // "can you", "is it": a question's opener and its subject, the question still to come.
    return words.size() == 2 && question && PRONOUNS.contains(last);
  }

  /** "i'll", "we're", "it's": a subject and its verb's start, what they are about still to come. */
  private static boolean isPronounContraction(String word) {
    int apostrophe = word.indexOf('\'');
    return apostrophe > 0 && PRONOUNS.contains(word.substring(0, apostrophe));
  }

  private static boolean isNumber(String word) {
    return NUMBERS.contains(word) || word.chars().allMatch(Character::isDigit);
  }

  private static List<String> words(String text) {
    String letters = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]+", " ").strip();
    if (letters.isEmpty()) return List.of();
    List<String> words = new ArrayList<>(Arrays.asList(letters.split("\\s+")));
    // Vosk's small English model runs an opening "where is" together as "whereas", a word no caller
    // opens with: read as the question it was.
    if (words.get(0).equals("whereas")) words.set(0, "where");
    return words;
  }
}
