package io.parley.core.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Conversation search's words in a language: folded as ever, and matched by their other forms through their stems. */
class SearchStemsTest {
  private final BlindIndex index = new BlindIndex(new byte[32]);

  @ParameterizedTest(name = "{0}: {1} ~ {2}")
  @CsvSource({
      "de, Rechnungen, Rechnung",
      "de, Rückerstattungen, RUCKERSTATTUNG",
      "fr, réservations, Reservation",
      "es, facturas, FACTURA",
      "es, reservaciones, reservación",
      "it, rimborsi, rimborso",
      "pt, encomendas, encomenda",
      "nl, bestellingen, bestelling",
      "en, refunds, Refund",
      "ar, الطلبات, طلب",
      "ar, والفاتورة, فاتورة",
      "ar, بالطلب, الطلبات"})
  void aWordOfAConversationInALanguageIsFoundByItsOtherForms(String language, String said, String searched) {
    assertEquals(stem(said, language), stem(searched, language));
    assertTrue(found(said, Optional.of(language), searched, Optional.of(language)), "searched in the language");
    assertTrue(found(said, Optional.of(language), searched, Optional.empty()), "searched in every language");
  }

  @Test
  void aConversationWithoutALanguageAndOneIndexedBeforeStemsMatchTheWordAsItWasWritten() {
    assertTrue(found("Zwei Rechnungen fehlen", Optional.empty(), "RECHNUNGEN", Optional.empty()));
    assertFalse(found("Zwei Rechnungen fehlen", Optional.empty(), "Rechnung", Optional.empty()),
        "no stems were kept for it");
    assertTrue(found("Rückerstattung", Optional.empty(), "ruckerstattung", Optional.empty()), "accents and case folded");
  }

  @Test
  void stemsAreHashedLikeWordsAndOnlyInTheLanguagesThatHaveAStemmer() {
    Set<Long> words = index.termsOf("acme", "Rechnungen", Optional.empty());
    Set<Long> stemmed = index.termsOf("acme", "Rechnungen", Optional.of("de-AT"));
    assertTrue(stemmed.containsAll(words) && stemmed.size() == 2, "the word's term and its stem's");
    assertEquals(index.terms("acme", List.of("rechnungen", "rechnung")), stemmed);
    assertEquals(words, index.termsOf("acme", "Rechnungen", Optional.of("ja")), "no stemmer for Japanese");
    assertEquals(Optional.empty(), SearchStems.of(Optional.of("ja")));
    assertEquals(Optional.of("de"), SearchStems.of(Optional.of("de-AT")));
  }

  private boolean found(String said, Optional<String> language, String searched, Optional<String> searchedIn) {
    Set<Long> held = index.termsOf("acme", said, language);
    return index.searchTerms("acme", SearchWords.of(searched), searchedIn).stream()
        .allMatch(forms -> !Collections.disjoint(forms, held));
  }

  private static String stem(String word, String language) {
    return SearchStems.stems(SearchWords.of(word), language).get(0);
  }
}
