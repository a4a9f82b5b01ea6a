package io.parley.tools.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.junit.jupiter.api.Test;

class HebrewAnalyzerTest {
  @Test
  void aWordIsReadAsItselfAndWithoutEachOfItsPrefixesAtTheSamePosition() throws IOException {
    assertEquals(List.of("ההזמנה@1", "הזמנה@0", "זמנה@0", "שלי@1"), read("ההזמנה שלי"));
    assertEquals(List.of("ובהזמנה@1", "בהזמנה@0", "הזמנה@0", "זמנה@0"), read("ובהזמנה"));
  }

  @Test
  void aReadingKeepsThreeLettersAndPointsAreTakenOut() throws IOException {
    assertEquals(List.of("שלום@1", "לום@0"), read("שָׁלוֹם"), "pointed or not, one word");
    assertEquals(List.of("לבן@1"), read("לבן"), "ל is no prefix when only two letters would be left");
    assertEquals(List.of("order@1", "1042@1"), read("Order 1042"));
  }

  private static List<String> read(String text) throws IOException {
    List<String> tokens = new ArrayList<>();
    try (HebrewAnalyzer analyzer = new HebrewAnalyzer(); TokenStream stream = analyzer.tokenStream("body", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      PositionIncrementAttribute position = stream.addAttribute(PositionIncrementAttribute.class);
      stream.reset();
      while (stream.incrementToken()) tokens.add(term + "@" + position.getPositionIncrement());
      stream.end();
    }
    return tokens;
  }
}
