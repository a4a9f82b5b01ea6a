package io.parley.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SearchWordsTest {
  @Test
  void wordsAreFoldedForCaseAccentsAndCompatibilityForms() {
    assertEquals(List.of("cafe", "creme", "brulee"), SearchWords.of("Café CAFE crème-Brûlée!"));
    assertEquals(List.of("strasse", "office"), SearchWords.of("STRAẞE Straße oﬃce"));
    assertEquals(List.of("don", "t", "ship", "order", "1042"), SearchWords.of("Don't ship order #1042... don't."));
  }

  @Test
  void personalDataIsNoWordAtAllNorItsPlaceholder() {
    assertEquals(List.of("mail", "me", "at", "or", "call"),
        SearchWords.of("Mail me at ada.lovelace@example.com or call +44 20 7946 0958"));
    assertEquals(List.of("card", "please"), SearchWords.of("card 4111 1111 1111 1111 please"));
  }

  @Test
  void nothingButSeparatorsHasNoWordsAndLongWordsAreCut() {
    assertEquals(List.of(), SearchWords.of(" ?!… -- "));
    assertEquals(List.of("x".repeat(SearchWords.MAX_WORD_LENGTH)), SearchWords.of("x".repeat(200)));
    assertEquals(List.of("日本語", "ok"), SearchWords.of("日本語 ok"));
  }

  @Test
  void aWordIsTheSameTermWithinATenantAndAnotherInAnother() {
    BlindIndex index = new BlindIndex(new byte[32]);
    Set<Long> acme = index.termsOf("acme", "Lamp lamp LÀMP");
    assertEquals(1, acme.size(), "one word, one term");
    assertEquals(acme, index.terms("acme", List.of("lamp")));
    assertNotEquals(acme, index.termsOf("globex", "lamp"), "keyed per tenant");
    assertNotEquals(acme, new BlindIndex(new byte[] {1}).termsOf("acme", "lamp"), "keyed by the cluster's key");
  }
}
