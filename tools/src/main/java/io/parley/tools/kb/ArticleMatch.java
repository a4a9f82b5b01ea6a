package io.parley.tools.kb;

import io.parley.core.offline.ArticlePassage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Which of a tenant's chunks answers a customer's question well enough to be the answer without a
 * model, which would otherwise judge that. A ranking alone cannot say (its scores are ranks, and the
 * best of unrelated chunks still comes first), so a chunk answers only when it holds most of the
 * question's own words: those left once the words any question has ("how", "do", "I", "have") are
 * taken out. At least two of two or three such words, three of four or five, and so on; a question
 * of one such word needs it. "How many days do I have to return a tent?" asks for "day", "return"
 * and "tent", and a returns article with two of them answers; "do you have gift cards?" asks for
 * "gift" and "card", and an article about paying by card does not. Of several chunks that hold
 * enough, the one the keyword ranking puts first answers: the ranking by meaning, which needs the
 * question embedded, would only reorder chunks that hold the words already, so the answer without a
 * model does without it; and a question no chunk holds enough words of is not searched at all (each
 * chunk's words are read once per index, {@link IndexReading}).
 */
final class ArticleMatch {
  /** Words of any question, as the index analyses them; a question of nothing else asks for nothing. */
  private static final Set<String> QUESTION_WORDS = Stream.of(
      "how many much long what whats when where which who whom whose why",
      "do does did doing done can could would should will shall may might must",
      "i im ive id me my mine you your yours youre we our us ours it its is are am was were be been",
      "have has had get got need want like know tell say please thanks thank",
      "hi hello hey there any some one ok okay also just still yes no")
      .flatMap(words -> Stream.of(words.split(" "))).flatMap(word -> SearchTerms.ofQuery(word).stream())
      .collect(Collectors.toUnmodifiableSet());
  private static final double SHARE_NEEDED = 0.6;

  private ArticleMatch() {}

  /**
   * The best passage of the chunk of {@code index} that answers {@code question}, if one does, both
   * read in {@code language} (one of {@link SearchLanguages}; the English question words are
   * taken out in every language, the language's analyzer takes out its own stop words).
   */
  static Optional<ArticlePassage> answering(String question, TenantIndex index, String language) {
    Set<String> asked = ownWords(question, language);
    if (asked.isEmpty() || index.size() == 0) return Optional.empty();
    int needed = Math.max(Math.min(2, asked.size()), (int) Math.ceil(SHARE_NEEDED * asked.size()));
    IndexReading reading = index.reading(language);
    List<Integer> holding = reading.holding(asked, needed);
    if (holding.isEmpty()) return Optional.empty();
    int best = holding.size() == 1 ? holding.get(0)
        : index.keywordRanking(question, language, TenantIndex.CANDIDATES).stream()
            .filter(holding::contains).findFirst().orElse(holding.get(0));
    IndexedChunk chunk = index.chunk(best);
    return Optional.of(new ArticlePassage(chunk.documentId(), chunk.title(), Snippets.of(reading.chunk(best), asked),
        chunk.url(), chunk.language()));
  }

  /** The question's words less those of any question, analysed as the index analyses text. */
  static Set<String> ownWords(String question, String language) {
    return SearchTerms.ofQuery(question.replace('\u2019', '\''), language).stream()
        .filter(term -> !QUESTION_WORDS.contains(term))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
