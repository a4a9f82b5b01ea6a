package io.parley.tools.kb;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * Hebrew as the knowledge base reads it. Lucene ships no Hebrew analyzer (its morphological ones,
 * HebMorph, need a dictionary outside Maven Central), and the ICU tokenizer and folding would only
 * split words as {@link StandardTokenizer} already does and drop the points. What keeps a
 * customer's "הזמנה" from finding an article's "ההזמנה" is the prefixes Hebrew writes onto a word
 * (the article, "and", "in", "to", "from", "that", "as"), which {@link HebrewPrefixes} reads:
 * StandardTokenizer (Unicode word breaks, which know Hebrew letters and keep a word's points),
 * lower case for the Latin words among them, then the points taken out and each prefix-stripped
 * reading added beside the word.
 */
final class HebrewAnalyzer extends Analyzer {
  @Override
  protected TokenStreamComponents createComponents(String fieldName) {
    StandardTokenizer words = new StandardTokenizer();
    TokenStream read = new HebrewPrefixes(new LowerCaseFilter(words));
    return new TokenStreamComponents(words, read);
  }

  @Override
  protected TokenStream normalize(String fieldName, TokenStream in) {
    return new LowerCaseFilter(in);
  }
}
