package io.parley.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class SearchWordsTest {
  @Test
  void wordsAreFoldedForCaseAccentsAndCompatibilityForms() {
    assertEquals(List.of("cafe", "creme", "brulee"), SearchWords.of("Café CAFE crème-Brûlée!"));
    assertEquals(List.of("strasse", "office"), SearchWords.of("STRAẞE Straße oﬃce"));
    assertEquals(List.of("don", "t", "ship", "order", "1042"), SearchWords.of("Don't ship order #1042... don't."));
  }

  @Test
  void anAsciiTextHasTheWordsTheFoldingWouldGiveIt() {
    java.util.Random random = new java.util.Random(7);
    String alphabet = "abcXYZ09 -'.,!?@#\t\n_~";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int n = random.nextInt(90); n > 0; n--) text.append(alphabet.charAt(random.nextInt(alphabet.length())));
      if (random.nextInt(10) == 0) text.append("A".repeat(70));
      assertEquals(SearchWords.foldedWords(text.toString()), SearchWords.asciiWords(text.toString()), text.toString());
    }
    assertEquals(List.of("order", "1042", "arrived", "late"), SearchWords.of("ORDER #1042 arrived... LATE, order 1042"));
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

  @Test
  void aTermKnownFromAnEarlierTextIsTheTermHashedAnewAlsoOnceTheKnownTermsWereForgotten() {
    BlindIndex index = new BlindIndex(new byte[32]);
    List<String> words = new ArrayList<>();
    for (int i = 0; i < BlindIndex.KNOWN_TERMS + 100; i++) words.add("w" + i);
    Set<Long> first = index.terms("acme", words);
    assertEquals(first, index.terms("acme", words));
    assertEquals(first, new BlindIndex(new byte[32]).terms("acme", words));
    assertEquals(words.size(), first.size());
    assertNotEquals(index.terms("acme", List.of("w1")), index.terms("globex", List.of("w1")), "known per tenant");
  }

  @Test
  void eachWordOfATextIsTheFirst64BitsOfItsHmacUnderTheTenantsKey() throws Exception {
    byte[] clusterKey = new byte[32];
    clusterKey[0] = 7;
    Mac cluster = Mac.getInstance("HmacSHA256");
    cluster.init(new SecretKeySpec(clusterKey, "HmacSHA256"));
    Mac tenant = Mac.getInstance("HmacSHA256");
    tenant.init(new SecretKeySpec(cluster.doFinal("conversation-search|acme".getBytes(StandardCharsets.UTF_8)),
        "HmacSHA256"));
    List<Long> expected = new ArrayList<>();
    for (String word : List.of("brass", "lamp", "order")) {
      expected.add(ByteBuffer.wrap(tenant.doFinal(word.getBytes(StandardCharsets.UTF_8))).getLong());
    }

    BlindIndex index = new BlindIndex(clusterKey);
    assertEquals(expected, List.copyOf(index.termsOf("acme", "Brass lamp, order")));
    assertEquals(expected, List.copyOf(index.termsOf("acme", "brass LAMP order")), "the same terms a second time");
  }
}
