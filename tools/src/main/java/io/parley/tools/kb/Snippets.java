package io.parley.tools.kb;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The part of a chunk to show for a query: the sentence with the most of the query's (analysed)
 * words, followed by the next ones while they fit in about {@value #MAX_CHARS} characters; the
 * chunk's first sentences when no word matches (a hit by meaning alone).
 */
final class Snippets {
  static final int MAX_CHARS = 240;
  private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?])\\s+|\\n+");

  private Snippets() {}

  static String of(String text, Set<String> queryTerms) {
    return of(text, queryTerms, SearchLanguages.FALLBACK);
  }

  static String of(String text, Set<String> queryTerms, String language) {
    List<String> sentences = List.of(SENTENCES.split(text.strip()));
    int best = 0;
    int bestMatches = 0;
    for (int i = 0; i < sentences.size(); i++) {
      Set<String> terms = TenantIndex.terms(sentences.get(i), language);
      int matches = (int) queryTerms.stream().filter(terms::contains).count();
      if (matches > bestMatches) {
        best = i;
        bestMatches = matches;
      }
    }
    StringBuilder snippet = new StringBuilder();
    for (int i = best; i < sentences.size(); i++) {
      String sentence = sentences.get(i).strip();
      if (sentence.isEmpty()) continue;
      if (snippet.length() > 0 && snippet.length() + 1 + sentence.length() > MAX_CHARS) break;
      if (snippet.length() > 0) snippet.append(' ');
      snippet.append(sentence);
    }
    return (best > 0 ? "… " : "") + cut(snippet.toString());
  }

  /** At most {@value #MAX_CHARS} characters, cut between words. */
  private static String cut(String text) {
    if (text.length() <= MAX_CHARS) return text;
    int space = text.lastIndexOf(' ', MAX_CHARS - 1);
    return text.substring(0, space > MAX_CHARS / 2 ? space : MAX_CHARS - 1) + "…";
  }
}
