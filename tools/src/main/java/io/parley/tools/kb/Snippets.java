package io.parley.tools.kb;

import java.util.List;
import java.util.Set;

/**
 * The part of a chunk to show for a query: the sentence with the most of the query's (analysed)
 * words, followed by the next ones while they fit in about {@value #MAX_CHARS} characters; the
 * chunk's first sentences when no word matches (a hit by meaning alone). The sentences come read
 * already ({@link ChunkReading}), in the language the query's words were analysed in.
 */
final class Snippets {
  static final int MAX_CHARS = 240;

  private Snippets() {}

  static String of(ChunkReading chunk, Set<String> queryTerms) {
    List<String> sentences = chunk.sentences();
    int best = 0;
    int bestMatches = 0;
    for (int i = 0; i < sentences.size(); i++) {
      Set<String> terms = chunk.sentenceTerms().get(i);
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
