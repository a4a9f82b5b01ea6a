package io.parley.core.citation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CitationCheckTest {
  private static final Citation RETURNS = new Citation(1, "doc-returns", "Returns", "https://help.example.com/returns",
      "Items can be returned within 30 days.", "en");
  private static final Citation SHIPPING = new Citation(2, "doc-shipping", "Shipping", "",
      "Express shipping takes two days.", "en");
  private static final Map<Integer, Citation> GIVEN = Map.of(1, RETURNS, 2, SHIPPING);

  @Test
  void keepsTheCitedPassagesInTheOrderTheTextCitesThem() {
    CitationCheck.Checked checked = CitationCheck.check("Express takes two days [2]. Returns: 30 days [1].", GIVEN);

    assertEquals(List.of(SHIPPING, RETURNS), checked.citations());
    assertEquals("Express takes two days [2]. Returns: 30 days [1].", checked.text());
    assertEquals(0, checked.madeUp());
  }

  @Test
  void dropsAMadeUpNumberFromTheTextAndCountsIt() {
    CitationCheck.Checked checked = CitationCheck.check("You have 30 days [1]. Refunds take a week [7].", GIVEN);

    assertEquals(List.of(RETURNS), checked.citations());
    assertEquals("You have 30 days [1]. Refunds take a week.", checked.text());
    assertEquals(1, checked.madeUp());
  }

  @Test
  void aListKeepsItsRealNumbersOnly() {
    CitationCheck.Checked checked = CitationCheck.check("Both apply [1, 7, 2] and again [1][9].", GIVEN);

    assertEquals(List.of(RETURNS, SHIPPING), checked.citations());
    assertEquals("Both apply [1, 2] and again [1].", checked.text());
    assertEquals(2, checked.madeUp());
  }

  @Test
  void withoutAnySearchEveryCitationIsMadeUp() {
    CitationCheck.Checked checked = CitationCheck.check("Thirty days [1].", Map.of());

    assertTrue(checked.citations().isEmpty());
    assertEquals("Thirty days.", checked.text());
    assertEquals(1, checked.madeUp());
  }

  @Test
  void aTextWithoutMarkersIsLeftAsItIs() {
    CitationCheck.Checked checked = CitationCheck.check("See the list [above] or item [a].", GIVEN);

    assertEquals("See the list [above] or item [a].", checked.text());
    assertTrue(checked.citations().isEmpty());
  }

  @Test
  void onlyWebAddressesBecomeLinks() {
    assertEquals("", new Citation(1, "d", "t", "javascript:alert(1)", "p", "").url());
    assertEquals("", new Citation(1, "d", "t", "returns.pdf", "p", "").url());
    assertEquals("", new Citation(1, "d", "t", "https:///nohost", "p", "").url());
    assertEquals("http://help.example.com/a", new Citation(1, "d", "t", "http://help.example.com/a", "p", "").url());
  }
}
