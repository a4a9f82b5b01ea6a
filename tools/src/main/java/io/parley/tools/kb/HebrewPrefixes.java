package io.parley.tools.kb;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * A Hebrew word with its points (niqqud, cantillation) taken out, and beside it, at the same
 * position, each reading without the one-letter prefixes Hebrew writes onto a word: ו ("and"), ה
 * (the article), ב ("in"), כ ("as"), ל ("to"), מ ("from"), ש ("that"), up to three of them
 * ("ובהזמנה" is read as itself, "בהזמנה", "הזמנה" and "זמנה"). Without a dictionary a leading ה or
 * ב cannot be told from the word's own first letter ("הזמנה" begins with one), so every reading is
 * kept rather than one chosen: a question's "הזמנה" meets an article's "ההזמנה" on the reading they
 * share, and a word written alike in both still matches on every one of its readings, so it ranks
 * above the prefix matches. A reading keeps at least three letters, the length of most Hebrew roots.
 */
final class HebrewPrefixes extends TokenFilter {
  private static final String PREFIXES = "והבכלמש";
  private static final int MAX_PREFIXES = 3;
  private static final int MIN_STEM = 3;

  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final PositionIncrementAttribute position = addAttribute(PositionIncrementAttribute.class);
  private final Deque<String> readings = new ArrayDeque<>();
  private State word;

  HebrewPrefixes(TokenStream input) {
    super(input);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (!readings.isEmpty()) {
      restoreState(word);
      term.setEmpty().append(readings.poll());
      position.setPositionIncrement(0);
      return true;
    }
    if (!input.incrementToken()) return false;
    String unpointed = withoutPoints(term.toString());
    term.setEmpty().append(unpointed);
    for (int stripped = 1; stripped <= MAX_PREFIXES && unpointed.length() - stripped >= MIN_STEM
        && PREFIXES.indexOf(unpointed.charAt(stripped - 1)) >= 0; stripped++) {
      readings.add(unpointed.substring(stripped));
    }
    if (!readings.isEmpty()) word = captureState();
    return true;
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    readings.clear();
    word = null;
  }

  /** Hebrew's points and cantillation marks (U+0591 to U+05C7), less the punctuation among them. */
  static String withoutPoints(String word) {
    StringBuilder letters = new StringBuilder(word.length());
    for (int i = 0; i < word.length(); i++) {
      char c = word.charAt(i);
      boolean point = c >= '\u0591' && c <= '\u05C7' && c != '\u05BE' && c != '\u05C0' && c != '\u05C3' && c != '\u05C6';
      if (!point) letters.append(c);
    }
    return letters.toString();
  }
}
