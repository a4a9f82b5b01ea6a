package io.parley.core.search;

import io.parley.core.privacy.PersonalData;
import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words of a text as conversation search knows them (docs/analytics.md, "Search"): personal
 * data the built-in patterns find is cut out first, so no part of an e-mail address or a card
 * number is ever a word; then the text is folded (compatibility forms, accents and case:
 * "Café", "CAFE" and "café" are one word, "ß" is "ss") and split at every character that is not
 * a letter or a digit ("don't" is "don" and "t"). A word longer than {@value #MAX_WORD_LENGTH}
 * characters is cut to that length. A text all ASCII after the cut, as most are, needs no folding
 * but case, and is split by hand: the same words, without the normalizer and the patterns'
 * cost for every message the conversations projection indexes. Pure and thread-safe.
 */
public final class SearchWords {
  public static final int MAX_WORD_LENGTH = 64;

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern SEPARATORS = Pattern.compile("[^\\p{L}\\p{Nd}]+");

  private SearchWords() {}

  /** The distinct words of {@code text}, in the order they first occur. */
  public static List<String> of(String text) {
    String kept = withoutPersonalData(text);
    return isAscii(kept) ? asciiWords(kept) : foldedWords(kept);
  }

  /** The words of any text: folded, then split at the characters that are not a letter or a digit. */
  static List<String> foldedWords(String text) {
    Set<String> words = new LinkedHashSet<>();
    for (String word : SEPARATORS.split(folded(text))) {
      if (!word.isEmpty()) words.add(cut(word));
    }
    return List.copyOf(words);
  }

  /** The words of an ASCII text, as {@link #foldedWords} finds them: its letters and digits, lower case. */
  static List<String> asciiWords(String text) {
    Set<String> words = new LinkedHashSet<>();
    int start = -1;
    boolean upper = false;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ' ';
      boolean capital = c >= 'A' && c <= 'Z';
      if (capital || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
        if (start < 0) start = i;
        upper |= capital;
      } else if (start >= 0) {
        String word = cut(text.substring(start, i));
        words.add(upper ? word.toLowerCase(Locale.ROOT) : word);
        start = -1;
        upper = false;
      }
    }
    return List.copyOf(words);
  }

  private static String cut(String word) {
    return word.length() > MAX_WORD_LENGTH ? word.substring(0, MAX_WORD_LENGTH) : word;
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) if (text.charAt(i) >= 0x80) return false;
    return true;
  }

  private static String withoutPersonalData(String text) {
    List<PersonalData.Found> found = PersonalData.find(text);
    if (found.isEmpty()) return text;
    StringBuilder kept = new StringBuilder(text.length());
    int at = 0;
    for (PersonalData.Found f : found) {
      kept.append(text, at, f.start()).append(' ');
      at = f.end();
    }
    return kept.append(text, at, text.length()).toString();
  }

  private static String folded(String text) {
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT).replace("ß", "ss");
  }
}
