package io.parley.tools.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.parley.core.offline.ArticlePassage;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArticleMatchTest {
  private static final SearchHit RETURNS = hit("doc-returns", "Returns and refunds", "Returning camping gear",
      "We hope you love your gear. Tents and sleeping bags can be returned within 60 days of delivery, unused and"
          + " in their original packaging. Refunds reach your card within 5 working days.");
  private static final SearchHit PAYMENT = hit("doc-payment", "Paying for your order", "",
      "We accept credit cards, debit cards and bank transfers. Your card is charged when the order ships.");

  @Test
  void aQuestionMostOfWhoseWordsAnArticleHoldsGetsItsBestPassageAndTitle() {
    Optional<ArticlePassage> found =
        ArticleMatch.answering("How many days do I have to return a tent?", List.of(RETURNS, PAYMENT), "en");
    assertEquals("doc-returns", found.orElseThrow().documentId());
    assertEquals("Returns and refunds", found.get().title());
    assertTrue(found.get().passage().startsWith("… Tents and sleeping bags can be returned within 60 days"),
        found.get().passage());
  }

  @Test
  void theFirstHitThatAnswersWinsOverABetterRankedOneThatDoesNot() {
    assertEquals("doc-returns",
        ArticleMatch.answering("Can I return my tent?", List.of(PAYMENT, RETURNS), "en").orElseThrow().documentId());
  }

  @Test
  void anArticleSharingOneWordOfTwoDoesNotAnswer() {
    assertEquals(Optional.empty(), ArticleMatch.answering("do you have gift cards?", List.of(PAYMENT, RETURNS), "en"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello", "Thank you!", "How do I?", "what can you do", ""})
  void aQuestionOfOnlyQuestionWordsAsksForNothing(String question) {
    assertEquals(Set.of(), ArticleMatch.ownWords(question, "en"));
    assertEquals(Optional.empty(), ArticleMatch.answering(question, List.of(RETURNS, PAYMENT), "en"));
  }

  @Test
  void ownWordsAreAnalysedAsTheIndexAnalysesText() {
    assertEquals(Set.of("dai", "return", "tent"), ArticleMatch.ownWords("How many days do I have to return a tent?", "en"));
  }

  @Test
  void aOneWordQuestionNeedsThatWordAndALongOneMostOfItsWords() {
    assertEquals("doc-payment", ArticleMatch.answering("Cards?", List.of(PAYMENT), "en").orElseThrow().documentId());
    assertEquals(Optional.empty(), ArticleMatch.answering("Can I pay for tents with vouchers or crypto wallets?",
        List.of(PAYMENT), "en"), "one of five words");
  }

  private static SearchHit hit(String id, String title, String section, String text) {
    return new SearchHit(id, 0, title, section, "upload", text.substring(0, 40), text, 1.0, 1, 0);
  }
}
