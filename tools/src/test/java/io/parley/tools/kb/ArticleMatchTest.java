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
  private static final IndexedChunk RETURNS = chunk("doc-returns", "Returns and refunds",
      "Returning camping gear", "We hope you love your gear. Tents and sleeping bags can be returned within 60 days of"
          + " delivery, unused and in their original packaging. Refunds reach your card within 5 working days.");
  private static final IndexedChunk PAYMENT = chunk("doc-payment", "Paying for your order", "",
      "We accept credit cards, debit cards and bank transfers. Your card is charged when the order ships.");
  private static final IndexedChunk TENT_CARE = chunk("doc-tent-care", "Caring for your tent", "",
      "Dry your tent before you pack it away. A tent with a broken pole can be returned to us for repair.");

  @Test
  void aQuestionMostOfWhoseWordsAnArticleHoldsGetsItsBestPassageAndTitle() {
    Optional<ArticlePassage> found =
        ArticleMatch.answering("How many days do I have to return a tent?", index(RETURNS, PAYMENT), "en");
    assertEquals("doc-returns", found.orElseThrow().documentId());
    assertEquals("Returns and refunds", found.get().title());
    assertTrue(found.get().passage().startsWith("… Tents and sleeping bags can be returned within 60 days"),
        found.get().passage());
  }

  @Test
  void anArticleThatDoesNotHoldTheWordsNeverAnswersWhereverItStands() {
    assertEquals("doc-returns",
        ArticleMatch.answering("Can I return my tent?", index(PAYMENT, RETURNS), "en").orElseThrow().documentId());
  }

  @Test
  void ofTwoArticlesThatHoldTheWordsTheOneTheKeywordsRankFirstAnswers() {
    TenantIndex index = index(TENT_CARE, RETURNS);
    String repair = "Can a tent be returned for repair?";
    assertEquals("doc-tent-care", ArticleMatch.answering(repair, index, "en").orElseThrow().documentId());
    assertEquals(0, index.keywordRanking(repair, "en", 10).get(0));
    String refund = "Can I return a tent for a refund?";
    assertEquals("doc-returns", ArticleMatch.answering(refund, index, "en").orElseThrow().documentId());
    assertEquals(1, index.keywordRanking(refund, "en", 10).get(0));
  }

  @Test
  void anArticleSharingOneWordOfTwoDoesNotAnswer() {
    assertEquals(Optional.empty(), ArticleMatch.answering("do you have gift cards?", index(PAYMENT, RETURNS), "en"));
  }

  @Test
  void aWordLateInALongChunkCounts() {
    String filler = "Our shop sells camping gear of every kind for every season and every budget. ".repeat(20);
    TenantIndex index = index(chunk("doc-long", "Camping gear", "", filler + "Lanterns run on batteries."));
    assertEquals("doc-long", ArticleMatch.answering("lantern batteries", index, "en").orElseThrow().documentId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hello", "Thank you!", "How do I?", "what can you do", ""})
  void aQuestionOfOnlyQuestionWordsAsksForNothing(String question) {
    assertEquals(Set.of(), ArticleMatch.ownWords(question, "en"));
    assertEquals(Optional.empty(), ArticleMatch.answering(question, index(RETURNS, PAYMENT), "en"));
  }

  @Test
  void ownWordsAreAnalysedAsTheIndexAnalysesText() {
    assertEquals(Set.of("dai", "return", "tent"), ArticleMatch.ownWords("How many days do I have to return a tent?", "en"));
  }

  @Test
  void aOneWordQuestionNeedsThatWordAndALongOneMostOfItsWords() {
    assertEquals("doc-payment", ArticleMatch.answering("Cards?", index(PAYMENT), "en").orElseThrow().documentId());
    assertEquals(Optional.empty(), ArticleMatch.answering("Can I pay for tents with vouchers or crypto wallets?",
        index(PAYMENT), "en"), "one of five words");
  }

  @Test
  void anEmptyKnowledgeBaseAnswersNothing() {
    assertEquals(Optional.empty(), ArticleMatch.answering("Can I return my tent?", index(), "en"));
  }

  private static TenantIndex index(IndexedChunk... chunks) {
    return TenantIndex.build(1, List.of(chunks));
  }

  private static IndexedChunk chunk(String id, String title, String heading, String text) {
    return new IndexedChunk(id, 0, title, heading, "upload", text, "en", new float[] {1});
  }
}
