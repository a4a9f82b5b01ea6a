package io.parley.core.language;

import java.util.ArrayList;
import java.util.List;

/**
 * Phrases of a language pack, each one or more words, matched on whole words of a clause. A word
 * ending in {@code *} matches any word it begins ({@code mitarbeiter*} matches {@code
 * mitarbeiterin}), a lone {@code *} any word and {@code #} any number ({@code within # days}); a
 * word matches after an elided article too ({@code agent} matches {@code l'agent}).
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
      for (String word : Words.fold(phrase).strip().split("[^\\p{L}\\p{N}'*#]+")) {
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
   * How many times the phrases occur in {@code words}, each word read once: the longest phrase at a
   * word counts and reading goes on after it ("thank you" once, not "thank you" and "you").
   */
  public int count(List<String> words) {
    int found = 0;
    int at = 0;
    while (at < words.size()) {
      int length = length(words, at);
      if (length > 0) found++;
      at += Math.max(length, 1);
    }
    return found;
  }

  /** Whether {@code word} is one of the one-word phrases. */
  public boolean has(String word) {
    return length(List.of(word), 0) == 1;
  }

  /** Whether the words from {@code from} to the end are exactly one phrase. */
  public boolean isExactly(List<String> words, int from) {
    for (List<String> phrase : phrases) {
      if (from + phrase.size() == words.size() && startsAt(phrase, words, from)) return true;
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
    if (pattern.equals("#")) return !word.isEmpty() && word.chars().allMatch(Character::isDigit);
    if (pattern.endsWith("*")) {
      String stem = pattern.substring(0, pattern.length() - 1);
      return word.startsWith(stem) || bare.startsWith(stem);
    }
    return word.equals(pattern) || bare.equals(pattern);
  }
}
