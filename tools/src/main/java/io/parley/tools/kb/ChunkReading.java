package io.parley.tools.kb;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A chunk as read in one {@link SearchLanguages language}, once for as long as its index lives:
 * its sentences with each one's analysed terms, for {@link Snippets}, and the terms of its title,
 * heading and text together, for {@link ArticleMatch}. Reading them per question (a Lucene analyzer
 * over every sentence of every hit) cost more than the search itself.
 *
 * @param sentences the chunk's text cut after each sentence's end and at line breaks, as written
 * @param sentenceTerms each sentence's analysed terms, in the order of {@code sentences}
 * @param terms every analysed term of its title, heading and text
 */
record ChunkReading(List<String> sentences, List<Set<String>> sentenceTerms, Set<String> terms) {
  private static final Pattern SENTENCES = Pattern.compile("(?<=[.!?])\\s+|\\n+");

  ChunkReading {
    sentences = List.copyOf(sentences);
    sentenceTerms = List.copyOf(sentenceTerms);
    terms = Set.copyOf(terms);
  }

  static ChunkReading of(String title, String heading, String text, String language) {
    List<String> sentences = List.of(SENTENCES.split(text.strip()));
    List<Set<String>> sentenceTerms = new ArrayList<>(sentences.size());
    for (String sentence : sentences) sentenceTerms.add(SearchTerms.all(sentence, language));
    return new ChunkReading(sentences, sentenceTerms,
        SearchTerms.all(title + "\n" + heading + "\n" + text, language));
  }

  static ChunkReading of(IndexedChunk chunk, String language) {
    return of(chunk.title(), chunk.heading(), chunk.text(), language);
  }
}
