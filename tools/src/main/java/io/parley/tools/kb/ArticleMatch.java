package io.parley.tools.kb;

import io.parley.core.offline.ArticlePassage;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Whether a search's hits answer a customer's question well enough to be the answer without a
 * model, which would otherwise judge that. The ranking alone cannot say (its scores are ranks, and
 * the best of unrelated chunks still comes first), so a hit answers only when it holds most of the
 * question's own words: those left once the words any question has ("how", "do", "I", "have")
 * are taken out. At least two of two or three such words, three of four or five, and so on; a
 * question of one such word needs it. "How many days do I have to return a tent?" asks for "day",
 * "return" and "tent", and a returns article with two of them answers; "do you have gift cards?"
 * asks for "gift" and "card", and an article about paying by card does not.
 */
final class ArticleMatch {
  /** Words of any question, as the index analyses them; a question of nothing else asks for nothing. */
  private static final Set<String> QUESTION_WORDS = Stream.of(
      "how many much long what whats when where which who whom whose why",
      "do does did doing done can could would should will shall may might must",
      "i im ive id me my mine you your yours youre we our us ours it its is are am was were be been",
      "have has had get got need want like know tell say please thanks thank",
      "hi hello hey there any some one ok okay also just still yes no")
      .flatMap(words -> Stream.of(words.split(" "))).flatMap(word -> TenantIndex.terms(word).stream())
      .collect(Collectors.toUnmodifiableSet());
  private static final double SHARE_NEEDED = 0.6;

  private ArticleMatch() {}

  /**
   * The best passage of the first hit that holds enough of the question's own words, if any does,
   * both read in {@code language} (one of {@link SearchLanguages}; the English question words are
   * taken out in every language, the language's analyzer takes out its own stop words).
   */
  static Optional<ArticlePassage> answering(String question, List<SearchHit> hits, String language) {
    Set<String> asked = ownWords(question, language);
    if (asked.isEmpty()) return Optional.empty();
    int needed = Math.max(Math.min(2, asked.size()), (int) Math.ceil(SHARE_NEEDED * asked.size()));
    for (SearchHit hit : hits) {
      Set<String> held = TenantIndex.terms(hit.title() + "\n" + hit.section() + "\n" + hit.text(), language);
      if (asked.stream().filter(held::contains).count() >= needed) {
        return Optional.of(new ArticlePassage(hit.documentId(), hit.title(), Snippets.of(hit.text(), asked, language)));
      }
    }
    return Optional.empty();
  }

  /** The question's words less those of any question, analysed as the index analyses text. */
  static Set<String> ownWords(String question, String language) {
    return TenantIndex.terms(question.replace('\u2019', '\''), language).stream()
        .filter(term -> !QUESTION_WORDS.contains(term))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
