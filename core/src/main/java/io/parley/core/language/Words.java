package io.parley.core.language;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A text as the rules read it: lower case, without accents ({@code möchte} reads {@code mochte},
 * {@code señor} {@code senor}; Arabic's hamza forms read as their bare letter), split into clauses
 * at sentence and comma marks (Arabic's {@code ، ؛ ؟} too), each a list of words. An apostrophe stays inside its word ({@code don't}, {@code l'agent}), so a rule matches
 * whole words, never a piece of one.
 */
public final class Words {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern CLAUSE = Pattern.compile("[.!?;,:¿¡،؛؟\\n]+");
  private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");

  private Words() {}

  /** {@code text} lower case, accents removed, typographic apostrophes made plain. */
  public static String fold(String text) {
    String decomposed = Normalizer.normalize(text.toLowerCase(Locale.ROOT), Normalizer.Form.NFD);
    return MARKS.matcher(decomposed).replaceAll("").replace('\u2019', '\'').replace('ß', 's');
  }

  /** The clauses of {@code text}, each its words, folded; empty clauses left out. */
  public static List<List<String>> clauses(String text) {
    List<List<String>> clauses = new ArrayList<>();
    for (String clause : CLAUSE.split(fold(text))) {
      List<String> words = words(clause);
      if (!words.isEmpty()) clauses.add(words);
    }
    return clauses;
  }

  /** The folded words of {@code text}, one clause. */
  public static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    for (String word : NOT_WORD.split(fold(text))) {
      String trimmed = withoutOuterApostrophes(word);
      if (!trimmed.isEmpty()) words.add(trimmed);
    }
    return words;
  }

  /** {@code word} without the apostrophes it starts or ends with: a quote, not part of the word. */
  private static String withoutOuterApostrophes(String word) {
    // By hand, not a regex: every word of every message passes here, and a regex compiled per word
    // was the rules' largest allocation.
    int start = 0;
    int end = word.length();
    while (start < end && word.charAt(start) == '\'') start++;
    while (end > start && word.charAt(end - 1) == '\'') end--;
    return word.substring(start, end);
  }
}
