package io.parley.core.language;

import java.util.ArrayList;
import java.util.List;

/**
 * Phrases of a language pack, each one or more words, matched on whole words of a clause. A word
 * ending in {@code *} matches any word it begins ({@code mitarbeiter*} matches {@code
 * mitarbeiterin}); a word matches after an elided article too ({@code agent} matches {@code l'agent}).
 */
public record Phrases(List<List<String>> phrases) {
  public Phrases {
    phrases = List.copyOf(phrases);
  }

  /** From a pack's comma-separated list. */
  public static Phrases parse(String list) {
    List<List<String>> phrases = new ArrayList<>();
    for (String phrase : list.split(",")) {
      List<String> words = new ArrayList<>();
      for (String word : Words.fold(phrase).strip().split("[^\\p{L}\\p{N}'*]+")) {
        if (!word.isEmpty()) words.add(word);
      }
      if (!words.isEmpty()) phrases.add(List.copyOf(words));
    }
    return new Phrases(phrases);
  }

  public boolean isEmpty() {
    return phrases.isEmpty();
  }

  /** Whether any phrase occurs in {@code words}. */
  public boolean occursIn(List<String> words) {
    for (int at = 0; at < words.size(); at++) {
      if (length(words, at) > 0) return true;
    }
    return false;
  }

  /**
   * How many words the longest phrase starting at {@code words[at]} spans, 0 when none starts there.
   */
  public int length(List<String> words, int at) {
    int longest = 0;
    for (List<String> phrase : phrases) {
      if (phrase.size() > longest && startsAt(phrase, words, at)) longest = phrase.size();
    }
    return longest;
  }

  private static boolean startsAt(List<String> phrase, List<String> words, int at) {
    if (at + phrase.size() > words.size()) return false;
    for (int i = 0; i < phrase.size(); i++) {
      if (!matches(phrase.get(i), words.get(at + i))) return false;
    }
    return true;
  }

  private static boolean matches(String pattern, String word) {
    int elision = word.indexOf('\'');
    // "l'agent", "dell'operatore": the word after a one- or few-letter elided article.
    String bare = elision > 0 && elision <= 4 && elision < word.length() - 1 ? word.substring(elision + 1) : word;
    if (pattern.endsWith("*")) {
      String stem = pattern.substring(0, pattern.length() - 1);
      return word.startsWith(stem) || bare.startsWith(stem);
    }
    return word.equals(pattern) || bare.equals(pattern);
  }
}
