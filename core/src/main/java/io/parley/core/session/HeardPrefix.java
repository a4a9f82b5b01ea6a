package io.parley.core.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of an answer a customer heard, given what the voice side says it spoke. Speech loses the
 * answer's formatting (markdown, punctuation, line breaks), so the two are compared word by word,
 * ignoring case and everything but letters and digits; the result is the answer's own text up to
 * the last heard word. What was spoken must be the start of the answer: a client cannot make the
 * session store words the assistant never wrote.
 */
public final class HeardPrefix {
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

  private HeardPrefix() {}

  /**
   * The prefix of {@code answer} that ends with the words of {@code heard}, followed by the
   * punctuation that closes them (so a wholly heard sentence keeps its full stop); "" when nothing
   * was heard; empty when {@code heard} is not the start of {@code answer}.
   */
  public static Optional<String> of(String answer, String heard) {
    List<String> heardWords = words(heard);
    if (heardWords.isEmpty()) return Optional.of("");
    Matcher answerWords = WORD.matcher(answer);
    int end = 0;
    for (String word : heardWords) {
      if (!answerWords.find() || !answerWords.group().toLowerCase(Locale.ROOT).equals(word)) return Optional.empty();
      end = answerWords.end();
    }
    while (end < answer.length() && isClosingPunctuation(answer.charAt(end))) end++;
    return Optional.of(answer.substring(0, end).strip());
  }

  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher matcher = WORD.matcher(text);
    while (matcher.find()) words.add(matcher.group().toLowerCase(Locale.ROOT));
    return words;
  }

  private static boolean isClosingPunctuation(char c) {
    return ".!?,;:)\"'…*_".indexOf(c) >= 0;
  }
}
